using System.Text;
using Enrichment.Core.Formats;

namespace Enrichment.Core.Tests.Formats.Detection;

public sealed class DetectAsyncTests
{
    private static readonly string Ris = string.Concat(Enumerable.Range(0, 500).Select(i => $"TY  - JOUR\nID  - r{i}\nTI  - Title {i}\nER  - \n\n"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Detects_and_hands_back_a_stream_that_reads_from_the_first_byte(bool seekable)
    {
        var bytes = Encoding.UTF8.GetBytes(Ris);
        bytes.Length.ShouldBeGreaterThan(FormatDetector.HeadLength);
        Stream source = seekable ? new MemoryStream(bytes) : new TrickleStream(bytes, 4096);

        var (detection, content) = await FormatDetector.DetectAsync("export.txt", source);
        await using (content)
        {
            detection.Format.ShouldBe(ReferenceFormat.Ris);
            var records = await FormatsTestIo.ReadAsync(ReferenceFormats.CreateReader(detection.Format!.Value), content);

            records.Count.ShouldBe(500);
            records[0].Reference!.Id.ShouldBe("r0");
            records[499].Reference!.Id.ShouldBe("r499");
        }
    }

    [Fact]
    public async Task Leaves_the_source_open_when_asked()
    {
        var source = new MemoryStream(Encoding.UTF8.GetBytes("10.1000/a\n"));

        var detected = await FormatDetector.DetectAsync("dois.txt", source, leaveOpen: true);
        await detected.Content.DisposeAsync();

        detected.Detection.Format.ShouldBe(ReferenceFormat.DoiList);
        source.CanRead.ShouldBeTrue();
    }

    [Fact]
    public async Task Rejects_an_empty_stream()
    {
        var (detection, _) = await FormatDetector.DetectAsync("empty.bib", new MemoryStream());

        detection.Rejection.ShouldBe("the file is empty");
    }
}
