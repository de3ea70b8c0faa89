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
            var innerPath = JsonPathLocator.PathAtError(item.Bytes.Span).TrimStart('$');
            return Failed(item, $"{path}{innerPath}: invalid JSON: {ParserMessage(exception.Message)}", line, column, key: null);
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
                var (line, column) = Locate(item, path, exception.Message);
                return Failed(item, exception.Message, line, column, key);
            }
        }
    }

    /// <summary>The record starts where the item does; the diagnostic points at the broken spot inside it.</summary>
    private static ParsedRecord Failed(JsonItem item, string message, int line, int column, string? key) => new()
    {
        Line = item.Line,
        Column = item.Column,
        Key = key,
        Diagnostics = [new ParseDiagnostic(DiagnosticSeverity.Error, message, line, column, key)],
    };

    /// <summary>The line and column of the path a converter message starts with, or the item's start.</summary>
    private static (int Line, int Column) Locate(JsonItem item, string itemPath, string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0 || !message.StartsWith(itemPath, StringComparison.Ordinal))
        {
            return (item.Line, item.Column);
        }

        var offset = JsonPathLocator.OffsetOf(item.Bytes.Span, "$" + message[itemPath.Length..colon]);
        if (offset < 0)
        {
            return (item.Line, item.Column);
        }

        var (line, column) = JsonPathLocator.Position(item.Bytes.Span, offset);
        return line == 1 ? (item.Line, item.Column + column - 1) : (item.Line + line - 1, column);
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
