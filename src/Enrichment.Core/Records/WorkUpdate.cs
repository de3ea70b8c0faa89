using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Enrichment.Core.Records;

/// <summary>
/// One of Crossref's update relations: a notice (retraction, correction, expression of concern...) and the work it
/// updates. On <see cref="Reference.Updates"/> (Crossref's <c>updated-by</c>) <see cref="Doi"/> is the notice's;
/// on <see cref="Reference.UpdateTo"/> (Crossref's <c>update-to</c>, carried by the notice itself) it is the
/// updated work's.
/// </summary>
public sealed record WorkUpdate
{
    /// <summary>The kind of update, as Crossref spells it (<see cref="UpdateTypes"/>): lower case, words joined by <c>_</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The other work's DOI, normalised when it parses.</summary>
    public required string Doi { get; init; }

    /// <summary>When the update was made (Crossref's <c>updated</c>).</summary>
    public DatePart? Date { get; init; }

    /// <summary>Who reported it: <c>publisher</c> (the publisher's Crossmark deposit) or <c>retraction-watch</c>.</summary>
    public string? Source { get; init; }

    /// <summary>Crossref's words for the type (<c>Retraction</c>, <c>Expression of concern</c>).</summary>
    public string? Label { get; init; }

    /// <summary>The Retraction Watch record, when the source is Retraction Watch.</summary>
    public string? RecordId { get; init; }
}

/// <summary>
/// The update types that warn a reader, and the one spelling this product keeps for every type Crossref uses (also
/// <c>correction</c>, <c>erratum</c>, <c>corrigendum</c>, <c>addendum</c>, <c>clarification</c>, <c>new_version</c>...).
/// </summary>
public static class UpdateTypes
{
    public const string Retraction = "retraction";
    public const string PartialRetraction = "partial_retraction";
    public const string Withdrawal = "withdrawal";
    public const string Removal = "removal";
    public const string ExpressionOfConcern = "expression_of_concern";

    /// <summary>Lower case, with spaces and hyphens as <c>_</c> (<c>Expression-of-concern</c> is <c>expression_of_concern</c>).</summary>
    public static string Normalize(string type) =>
        type.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
}

/// <summary>What a record's updates mean to a reader: whether it is retracted, the warning a citation carries, the note an export carries.</summary>
public static class WorkUpdates
{
    /// <summary>Entries of one update list read at most: Crossref lists a handful; thousands are not a record but an attack.</summary>
    public const int MaxPerList = 100;

    /// <summary>The updates that put a work in doubt, most serious first, with the words a citation shows for each.</summary>
    private static readonly (string Type, string Words)[] Warnings =
    [
        (UpdateTypes.Retraction, "RETRACTED"),
        (UpdateTypes.Removal, "REMOVED"),
        (UpdateTypes.Withdrawal, "WITHDRAWN"),
        (UpdateTypes.PartialRetraction, "PARTIALLY RETRACTED"),
        (UpdateTypes.ExpressionOfConcern, "EXPRESSION OF CONCERN"),
    ];

    /// <summary>True when a notice retracts the work (a withdrawal, removal, partial retraction or expression of concern is not a retraction).</summary>
    public static bool IsRetracted(Reference reference) =>
        reference.Updates.Any(u => u.Type == UpdateTypes.Retraction);

    /// <summary>The warning for the most serious update (<c>RETRACTED</c>, <c>WITHDRAWN</c>, <c>EXPRESSION OF CONCERN</c>...), or null.</summary>
    public static string? Warning(Reference reference)
    {
        if (reference.Updates.IsDefaultOrEmpty)
        {
            return null;
        }

        foreach (var (type, words) in Warnings)
        {
            if (reference.Updates.Any(u => u.Type == type))
            {
                return words;
            }
        }

        return null;
    }

    /// <summary>
    /// The note an export carries: the warning, then each notice with its DOI, date and source
    /// (<c>RETRACTED. Retraction: https://doi.org/10.1016/x (2010-02-02, Retraction Watch record 17270)</c>); null
    /// without updates. An update that names the work itself (a new version registered in place) and warns of
    /// nothing is left out.
    /// </summary>
    public static string? Note(Reference reference)
    {
        if (reference.Updates.IsDefaultOrEmpty)
        {
            return null;
        }

        var warning = Warning(reference);
        var notices = reference.Updates
            .Where(u => IsWarning(u.Type) || !string.Equals(u.Doi, reference.DoiText, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (notices.Count == 0)
        {
            return null;
        }

        var note = new StringBuilder();
        if (warning is not null)
        {
            note.Append(warning).Append(". ");
        }

        for (var i = 0; i < notices.Count; i++)
        {
            var update = notices[i];
            if (i > 0)
            {
                note.Append("; ");
            }

            note.Append(update.Label ?? Describe(update.Type)).Append(": https://doi.org/").Append(update.Doi);
            var details = new List<string>(2);
            if (update.Date is { } date)
            {
                details.Add(date.ToString());
            }

            if (SourceWords(update) is { } source)
            {
                details.Add(source);
            }

            if (details.Count > 0)
            {
                note.Append(" (").AppendJoin(", ", details).Append(')');
            }
        }

        return note.ToString();
    }

    /// <summary><paramref name="text"/> with the note added, unless it holds it already (a record exported, read and exported again).</summary>
    public static string? WithNote(string? text, string? note) =>
        note is null || (text?.Contains(note, StringComparison.Ordinal) ?? false) ? text
        : string.IsNullOrWhiteSpace(text) ? note
        : text.TrimEnd() is var kept && (kept.EndsWith('.') || kept.EndsWith('!') || kept.EndsWith('?')) ? $"{kept} {note}" : $"{kept}. {note}";

    private static bool IsWarning(string type) => Warnings.Any(w => w.Type == type);

    private static string Describe(string type)
    {
        var words = type.Replace('_', ' ');
        return words.Length == 0 ? "Update" : char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static string? SourceWords(WorkUpdate update) => update.Source switch
    {
        "retraction-watch" => update.RecordId is { } id
            ? string.Create(CultureInfo.InvariantCulture, $"Retraction Watch record {id}")
            : "Retraction Watch",
        null or "" => null,
        var other => other,
    };

    /// <summary>The entries, each once (Crossref lists a notice once per source), in the order first seen.</summary>
    public static ImmutableArray<WorkUpdate> Distinct(IEnumerable<WorkUpdate> updates) => [.. updates.Distinct()];
}
