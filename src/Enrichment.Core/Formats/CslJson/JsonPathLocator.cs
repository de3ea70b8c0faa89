using System.Text;
using System.Text.Json;

namespace Enrichment.Core.Formats.CslJson;

/// <summary>
/// Follows JSON paths (<c>$.author[1].family</c>) through an item token by token, to say where a syntax
/// error is (the document parser gives no path) and on which line a wrong shape sits (the converter gives
/// only the path).
/// </summary>
internal static class JsonPathLocator
{
    private const int MaxDepth = 64;

    /// <summary>The path at which the JSON stops being valid ("$" when it is valid).</summary>
    public static string PathAtError(ReadOnlySpan<byte> json)
    {
        Walk(json, target: null, out var errorPath);
        return errorPath;
    }

    /// <summary>The byte offset of the value at <paramref name="path"/>, or -1.</summary>
    public static long OffsetOf(ReadOnlySpan<byte> json, string path) => Walk(json, path, out _);

    /// <summary>Line (1-based, relative to the item) and column of a byte offset.</summary>
    public static (int Line, int Column) Position(ReadOnlySpan<byte> json, long offset)
    {
        var before = json[..(int)Math.Min(offset, json.Length)];
        var lastNewline = before.LastIndexOf((byte)'\n');
        var lines = before.Count((byte)'\n');
        var column = Encoding.UTF8.GetCharCount(before[(lastNewline + 1)..]) + 1;
        return (lines + 1, column);
    }

    private static long Walk(ReadOnlySpan<byte> json, string? target, out string errorPath)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        errorPath = "$";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = frames[^1] with { Name = reader.GetString() };
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(frames);
                        if (target is not null && Build(frames, error: false) == target)
                        {
                            return reader.TokenStartIndex;
                        }

                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                    default:
                        NextElement(frames);
                        break;
                }

                if (target is not null && Build(frames, error: false) == target)
                {
                    return reader.TokenStartIndex;
                }
            }
        }
        catch (JsonException)
        {
            errorPath = Build(frames, error: true);
        }

        return -1;
    }

    private static void NextElement(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
        }
    }

    private static string Build(List<Frame> frames, bool error)
    {
        var path = new StringBuilder("$");
        for (var i = 0; i < frames.Count; i++)
        {
            var (isArray, index, name) = frames[i];
            if (isArray)
            {
                // At an error the innermost array is between elements: the broken one is the next.
                path.Append('[').Append(error && i == frames.Count - 1 ? index + 1 : index).Append(']');
            }
            else if (name is not null)
            {
                path.Append('.').Append(name);
            }
        }

        return path.ToString();
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
