using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.CslJson;

/// <summary>
/// Writes a CSL-JSON array: one item per line (the default, easy to diff and to stream) or indented.
/// Non-ASCII text is written as is, not \u-escaped; the encoding is the <see cref="TextWriter"/>'s (UTF-8
/// for files and HTTP responses).
/// </summary>
public sealed class CslJsonWriter(bool indented = false) : IReferenceWriter
{
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
}
