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

/// <summary>A non-seekable stream that hands out a few bytes per read, as a slow network would.</summary>
internal sealed class TrickleStream(byte[] bytes, int maxChunk) : Stream
{
    private int _position;
    private int _turn;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Chunk sizes cycle through 1..maxChunk so items are cut at every possible byte.
        var n = Math.Min(Math.Min(buffer.Length, 1 + (_turn++ % maxChunk)), bytes.Length - _position);
        bytes.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
