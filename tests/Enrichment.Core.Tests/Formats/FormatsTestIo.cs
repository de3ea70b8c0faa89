using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats;

/// <summary>Runs readers and writers over strings, bytes and files, as the format tests need.</summary>
internal static class FormatsTestIo
{
    public static Task<List<ParsedRecord>> ReadAsync(IReferenceReader reader, string text) =>
        ReadAsync(reader, Encoding.UTF8.GetBytes(text));

    public static async Task<List<ParsedRecord>> ReadAsync(IReferenceReader reader, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return await ReadAsync(reader, stream);
    }

    public static async Task<List<ParsedRecord>> ReadAsync(IReferenceReader reader, Stream stream)
    {
        var records = new List<ParsedRecord>();
        await foreach (var record in reader.ReadAsync(stream))
        {
            records.Add(record);
        }

        return records;
    }

    public static async Task<List<ParsedRecord>> ReadFileAsync(IReferenceReader reader, string path)
    {
        await using var stream = File.OpenRead(path);
        return await ReadAsync(reader, stream);
    }

    public static async Task<string> WriteAsync(IReferenceWriter writer, params Reference[] references)
    {
        using var text = new StringWriter();
        await writer.WriteAsync(references.ToAsyncEnumerable(), text);
        return text.ToString();
    }

    public static async Task<List<Reference>> RoundTripAsync(IReferenceWriter writer, IReferenceReader reader, params Reference[] references)
    {
        var text = await WriteAsync(writer, references);
        var records = await ReadAsync(reader, text);
        records.Where(r => r.IsError).ShouldBeEmpty(string.Join("\n", records.Select(r => r.Error)) + "\n" + text);
        return [.. records.Select(r => r.Reference!)];
    }

    public static Reference Only(this List<ParsedRecord> records)
    {
        records.Count.ShouldBe(1, string.Join("\n", records.Select(r => string.Join("; ", r.Diagnostics))));
        records[0].IsError.ShouldBeFalse(records[0].Error);
        return records[0].Reference!;
    }
}
