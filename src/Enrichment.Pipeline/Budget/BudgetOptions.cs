using System.ComponentModel.DataAnnotations;

namespace Enrichment.Pipeline.Budget;

/// <summary>How instances on one storage account find each other to share Crossref's limits. Section <c>Budget</c>.</summary>
public sealed class BudgetOptions : IValidatableObject
{
    public const string SectionName = "Budget";

    /// <summary>How often an instance writes its heartbeat row and counts the live ones. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// An instance whose last heartbeat is older than this is gone, and its share goes back to the others: how
    /// long a crashed instance's share is lost. At least twice <see cref="HeartbeatInterval"/>. Default 6 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00")]
    public TimeSpan LiveWindow { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How many instances to assume until the first heartbeat is answered, or when storage has never answered one:
    /// the safe local share is 1 / this. Default 3.
    /// </summary>
    [Range(1, 1000)]
    public int FallbackInstances { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LiveWindow < HeartbeatInterval * 2)
        {
            yield return new ValidationResult(
                $"Budget:LiveWindow ({LiveWindow}) must be at least twice Budget:HeartbeatInterval ({HeartbeatInterval}), or a live instance could look gone between two heartbeats.",
                [nameof(LiveWindow)]);
        }
    }
}
