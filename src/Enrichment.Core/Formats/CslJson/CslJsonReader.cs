using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Enrichment.Core.Formats.CslJson;

/// <summary>
/// Reads CSL-JSON (schema 1.0.2): an array of items or a single item, streamed one item at a time.
/// Invalid JSON and wrong shapes are error records naming the JSON path (<c>$[12].author[0]</c>) and the
/// line; the items after a bad one are still read wherever the file's brackets still balance.
/// </summary>
public sealed class CslJsonReader : IReferenceReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var scanner = new JsonItemScanner(stream);
        await foreach (var item in scanner.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item.Error is not null ? ParsedRecord.Failed(item.Error, item.Line, item.Column) : ReadItem(item);
        }
    }

    private static ParsedRecord ReadItem(JsonItem item)
    {
        var path = JsonItemScanner.Path(item.Index);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(item.Bytes, DocumentOptions);
        }
        catch (JsonException exception)
        {
            // The parser's line is relative to the item; its path starts at the item ("$.author[0]").
            var line = item.Line + (int)(exception.LineNumber ?? 0);
            var column = exception.LineNumber is null or 0
                ? item.Column + (int)(exception.BytePositionInLine ?? 0)
                : (int)(exception.BytePositionInLine ?? 0) + 1;
            var innerPath = string.IsNullOrEmpty(exception.Path) ? "" : exception.Path.TrimStart('$');
            return ParsedRecord.Failed($"{path}{innerPath}: invalid JSON: {ParserMessage(exception.Message)}", line, column);
        }

        using (document)
        {
            var root = document.RootElement;
            string? key = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id)
                && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? id.ToString()
                : null;
            try
            {
                return ParsedRecord.Ok(CslJsonConvert.Read(root, path), item.Line, item.Column);
            }
            catch (FormatException exception)
            {
                return ParsedRecord.Failed(exception.Message, item.Line, item.Column, key);
            }
        }
    }

    // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 5." relative to the item; the
    // record says where instead.
    private static string ParserMessage(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).TrimEnd();
    }
}
