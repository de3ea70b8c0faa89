using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Tests.Stages;

public sealed class RecordRunsTests
{
    private const string Upload = "u0123456789abcdef0123";

    public static TheoryData<int[], int, string[]> Grouping() => new()
    {
        // Rows to announce, records per message, expected runs as "first+count".
        { [0, 1, 2, 3, 4], 20, ["00000000+5"] },
        { [.. Enumerable.Range(0, 45)], 20, ["00000000+20", "00000020+20", "00000040+5"] },
        { [0, 1, 3, 7], 4, ["00000000+4", "00000007+1"] }, // aligned blocks: a re-run names the same runs
        { [5, 9], 20, ["00000005+5"] },                   // gaps (invalid rows) inside a run are fine
        { [19, 20], 20, ["00000019+1", "00000020+1"] },
        { [3], 1, ["00000003+1"] },
    };

    [Theory]
    [MemberData(nameof(Grouping))]
    public void Ingest_announces_rows_in_aligned_runs(int[] indexes, int perMessage, string[] expected)
    {
        var rows = indexes.Select(i => new RecordRow { UploadId = Upload, RecordId = RecordIds.For(i) });

        IngestStage.Runs(rows, perMessage).Select(m => $"{m.RecordId}+{m.Count}").ShouldBe(expected);
    }

    [Theory]
    [InlineData("00000000", 1, "00000000")]
    [InlineData("00000020", 20, "00000039")]
    [InlineData("00099990", 100, "00100089")]
    public void A_run_ends_count_minus_one_rows_on(string first, int count, string last) =>
        new RecordRun(Upload, first, count).LastRecordId.ShouldBe(last);

    [Theory]
    [InlineData(Upload, "00000001", 1, true)]
    [InlineData(Upload, "00000001", 100, true)]
    [InlineData(Upload, "00000001", 0, false)]
    [InlineData(Upload, "00000001", 101, false)]
    [InlineData(Upload, "1' or '1'='1", 1, false)]
    [InlineData(Upload, "", 1, false)]
    [InlineData("not-an-upload", "00000001", 1, false)]
    public void Only_runs_that_can_name_records_are_valid(string uploadId, string recordId, int count, bool valid) =>
        new RecordRun(uploadId, recordId, Count: count).IsValid.ShouldBe(valid);

    [Fact]
    public void A_message_from_before_runs_names_one_record() =>
        MessageJson.Deserialize($$"""{"uploadId":"{{Upload}}","recordId":"00000004"}""").Count.ShouldBe(1);
}
