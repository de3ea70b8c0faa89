using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Enrichment.Core.Formats.CslJson;

/// <summary>
/// Reads CSL-JSON (schema 1.0.2): an array of items or a single item, streamed one item at a time.
/// Invalid JSON and wrong shapes are error records naming the JSON path (<c>$[12].author[0]</c>) and the
/// line; the items after a bad one are still read wherever the file's brackets still balance.
/// </summary>
public sealed class CslJsonReader(ReaderLimits? limits = null) : IReferenceReader
{
    private readonly ReaderLimits _limits = limits ?? ReaderLimits.Default;

    public async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (content, encoding) = await SourceEncoding.ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);

        // The scanner and the JSON parser read UTF-8 bytes: a file in another encoding is transcoded on the way in.
        var utf8 = encoding.IsUtf8 ? content : System.Text.Encoding.CreateTranscodingStream(content, encoding.Encoding, new System.Text.UTF8Encoding(false), leaveOpen: true);
        try
        {
            var scanner = new JsonItemScanner(utf8, _limits.MaxEntryLength);
            await foreach (var item in scanner.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return encoding.Mark(item.Error is not null ? ParsedRecord.Failed(item.Error, item.Line, item.Column) : Guarded(item));
            }
        }
        finally
        {
            if (!ReferenceEquals(utf8, content))
            {
                await utf8.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whatever goes wrong reading one item, it is that item's error, not the file's.</summary>
    private ParsedRecord Guarded(JsonItem item)
    {
        try
        {
            return ReadItem(item);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ParsedRecord.Failed($"{JsonItemScanner.Path(item.Index)}: {ReaderErrors.Unexpected(exception)}", item.Line, item.Column);
        }
    }

    private ParsedRecord ReadItem(JsonItem item)
    {
        var path = JsonItemScanner.Path(item.Index);
        if (System.Text.Unicode.Utf8.IsValid(item.Bytes.Span) is false)
        {
            // The scanner only follows ASCII brackets and quotes, so an invalid byte reaches here: this item fails.
            var bad = InvalidUtf8At(item.Bytes.Span);
            var (badLine, badColumn) = JsonPathLocator.Position(item.Bytes.Span, bad);
            var where = badLine == 1 ? (item.Line, item.Column + badColumn - 1) : (item.Line + badLine - 1, badColumn);
            return Failed(item, $"{path}: {ReaderText.InvalidBytesMessage} at byte {bad} of the item", where.Item1, where.Item2, key: null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(item.Bytes, new JsonDocumentOptions { MaxDepth = _limits.MaxJsonDepth });
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
                var reference = CslJsonConvert.Read(root, path);
                var warnings = new List<ParseDiagnostic>();
                if (CheckLimits(reference, path) is { } tooBig)
                {
                    return Failed(item, tooBig, item.Line, item.Column, key);
                }

                reference = MarkupLimit.Cap(reference, _limits.MaxMarkupDepth, warnings, item.Line, item.Column, reference.Id);

                return ParsedRecord.Ok(reference, item.Line, item.Column, [.. warnings]);
            }
            catch (FormatException exception)
            {
                var (line, column) = Locate(item, path, exception.Message);
                return Failed(item, exception.Message, line, column, key);
            }
        }
    }

    private static long InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
        return read;
    }

    /// <summary>
    /// Why the item is too big to keep (a string past <see cref="ReaderLimits.MaxValueLength"/>, more than
    /// <see cref="ReaderLimits.MaxItemsPerEntry"/> variables, names or date parts), or null.
    /// </summary>
    private string? CheckLimits(Records.Reference reference, string path)
    {
        var max = _limits.MaxValueLength;
        var count = reference.Variables.Count + reference.Custom.Count + reference.Names.Count + reference.Dates.Count;
        if (count > _limits.MaxItemsPerEntry)
        {
            return $"{path}: more than {_limits.MaxItemsPerEntry} variables (ReaderLimits.MaxItemsPerEntry)";
        }

        foreach (var (name, value) in reference.Variables.Concat(reference.Custom))
        {
            if (value.Length > max)
            {
                return $"{path}.{name}: longer than {max} characters (ReaderLimits.MaxValueLength)";
            }

        }

        foreach (var (name, people) in reference.Names)
        {
            if (people.Length > _limits.MaxItemsPerEntry)
            {
                return $"{path}.{name}: more than {_limits.MaxItemsPerEntry} names (ReaderLimits.MaxItemsPerEntry)";
            }

            foreach (var person in people)
            {
                var length = (person.Family?.Length ?? 0) + (person.Given?.Length ?? 0) + (person.Literal?.Length ?? 0)
                    + (person.Suffix?.Length ?? 0) + (person.DroppingParticle?.Length ?? 0) + (person.NonDroppingParticle?.Length ?? 0)
                    + person.Affiliations.Sum(a => a.Length);
                if (length > max)
                {
                    return $"{path}.{name}: a name longer than {max} characters (ReaderLimits.MaxValueLength)";
                }
            }
        }

        foreach (var (name, date) in reference.Dates)
        {
            if (date.Parts.Length > _limits.MaxItemsPerEntry)
            {
                return $"{path}.{name}: more than {_limits.MaxItemsPerEntry} date parts (ReaderLimits.MaxItemsPerEntry)";
            }

            if ((date.Raw?.Length ?? 0) > max || (date.Literal?.Length ?? 0) > max)
            {
                return $"{path}.{name}: longer than {max} characters (ReaderLimits.MaxValueLength)";
            }
        }

        return null;
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
