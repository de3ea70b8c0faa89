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
            var innerPath = PathAtError(item.Bytes.Span).TrimStart('$');
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

    /// <summary>
    /// Where in the item the syntax error is (<c>$.author[1]</c>): the document parser does not say, so the
    /// item is read again token by token, keeping the path, until the error.
    /// </summary>
    internal static string PathAtError(ReadOnlySpan<byte> json)
    {
        var frames = new List<(bool IsArray, int Index, string? Name)>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = frames[^1] with { Name = reader.GetString() };
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(frames);
                        frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        NextElement(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The frames say where the reader stopped.
        }

        var path = new System.Text.StringBuilder("$");
        for (var i = 0; i < frames.Count; i++)
        {
            var (isArray, index, name) = frames[i];
            if (isArray)
            {
                // In the innermost array the error is in the element after the last complete one.
                path.Append('[').Append(i == frames.Count - 1 ? index + 1 : index).Append(']');
            }
            else if (name is not null)
            {
                path.Append('.').Append(name);
            }
        }

        return path.ToString();
    }

    private static void NextElement(List<(bool IsArray, int Index, string? Name)> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
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
