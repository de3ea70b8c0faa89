using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.CslJson;

/// <summary>
/// Writes a CSL-JSON array: one item per line (the default, easy to diff and to stream) or indented.
/// Non-ASCII text is written as is, not \u-escaped. Items are written by <see cref="CslJsonConvert.Write"/>
/// (no reflection) as they arrive, never as one document: to a <see cref="TextWriter"/> (its encoding; UTF-8
/// for files and HTTP responses), or as UTF-8 bytes straight to a <see cref="Stream"/> in blocks of about
/// <see cref="BlockSize"/> bytes.
/// </summary>
public sealed class CslJsonWriter(bool indented = false) : IReferenceWriter
{
    /// <summary>How many bytes <see cref="WriteAsync(IAsyncEnumerable{Reference}, Stream, CancellationToken)"/> gathers before it writes them.</summary>
    public const int BlockSize = 64 * 1024;

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public async Task WriteAsync(IAsyncEnumerable<Reference> references, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(writer);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = Encoder });
        var count = 0;
        await writer.WriteAsync("[".AsMemory(), cancellationToken).ConfigureAwait(false);
        await foreach (var reference in references.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            buffer.Clear();
            json.Reset();
            CslJsonConvert.Write(json, reference);
            json.Flush();
            var separator = count++ == 0 ? "\n" : ",\n";
            await writer.WriteAsync(separator.AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await writer.WriteAsync((count == 0 ? "]\n" : "\n]\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The same array, byte for byte, as UTF-8 written to <paramref name="stream"/>: items are encoded into one
    /// reused buffer and written each time it holds <see cref="BlockSize"/> bytes, with no string in between.
    /// </summary>
    public async Task WriteAsync(IAsyncEnumerable<Reference> references, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new ArrayBufferWriter<byte>(BlockSize + BlockSize / 4);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = Encoder });
        var count = 0;
        buffer.Write("["u8);
        await foreach (var reference in references.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            buffer.Write(count++ == 0 ? "\n"u8 : ",\n"u8);
            json.Reset();
            CslJsonConvert.Write(json, reference);
            json.Flush();
            if (buffer.WrittenCount >= BlockSize)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }

        buffer.Write(count == 0 ? "]\n"u8 : "\n]\n"u8);
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
