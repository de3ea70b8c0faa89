namespace Enrichment.Pipeline.Storage;

/// <summary>Rows of an upload (or of a block of one): how many exist, how many are finished, and the finished ones by status.</summary>
public sealed record RecordCounts(int Rows, int Completed, IReadOnlyDictionary<string, int> ByStatus)
{
    public static RecordCounts Empty { get; } = new(0, 0, new Dictionary<string, int>(StringComparer.Ordinal));

    /// <summary>Counts rows from their stored status and completion, the one place that does.</summary>
    public static RecordCounts Of(IEnumerable<(RecordStatus Status, bool Completed)> rows)
    {
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        var (count, completed) = (0, 0);
        foreach (var (status, done) in rows)
        {
            count++;
            if (done)
            {
                completed++;
                byStatus[status.Name()] = byStatus.GetValueOrDefault(status.Name()) + 1;
            }
        }

        return new RecordCounts(count, completed, byStatus);
    }

    /// <summary>The sum of two counts (an upload's blocks).</summary>
    public RecordCounts Plus(RecordCounts other)
    {
        var byStatus = new Dictionary<string, int>(ByStatus, StringComparer.Ordinal);
        foreach (var (status, count) in other.ByStatus)
        {
            byStatus[status] = byStatus.GetValueOrDefault(status) + count;
        }

        return new RecordCounts(Rows + other.Rows, Completed + other.Completed, byStatus);
    }
}
