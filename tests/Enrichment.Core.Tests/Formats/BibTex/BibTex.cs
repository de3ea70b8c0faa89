using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.BibTex;

/// <summary>Reads BibTeX text written in a test.</summary>
internal static class BibTex
{
    public static async Task<List<ParsedRecord>> ReadAsync(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await ReadAsync(stream);
    }

    public static async Task<List<ParsedRecord>> ReadAsync(Stream stream)
    {
        var records = new List<ParsedRecord>();
        await foreach (var record in new BibTexReader().ReadAsync(stream))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>The one record the text holds, which must have parsed.</summary>
    public static async Task<Reference> ReadOneAsync(string text)
    {
        var records = await ReadAsync(text);
        records.Count.ShouldBe(1, string.Join("; ", records.SelectMany(r => r.Diagnostics)));
        records[0].Error.ShouldBeNull();
        return records[0].Reference!;
    }

    public static async Task<string> WriteAsync(IEnumerable<Reference> references)
    {
        using var writer = new StringWriter();
        await new BibTexWriter().WriteAsync(references.ToAsyncEnumerable(), writer);
        return writer.ToString();
    }
}
