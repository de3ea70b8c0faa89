using Azure.Data.Tables;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// Stores text longer than a table property allows (64 KiB, i.e. 32K UTF-16 chars) across numbered
/// properties (<c>SourceJson</c>, <c>SourceJson_1</c>, ...), so nothing is truncated silently.
/// </summary>
internal static class LargeText
{
    /// <summary>Chars per property: 64 KiB of UTF-16, with room to spare.</summary>
    public const int ChunkChars = 30_000;

    public static void Write(TableEntity entity, string name, string? value)
    {
        var previousParts = entity.GetInt32(name + "_Parts") ?? 0;
        for (var i = 1; i < previousParts; i++)
        {
            entity.Remove($"{name}_{i}");
        }

        if (value is null)
        {
            entity.Remove(name);
            entity.Remove(name + "_Parts");
            return;
        }

        var parts = Math.Max(1, (value.Length + ChunkChars - 1) / ChunkChars);
        for (var i = 0; i < parts; i++)
        {
            var chunk = value.Substring(i * ChunkChars, Math.Min(ChunkChars, value.Length - (i * ChunkChars)));
            entity[i == 0 ? name : $"{name}_{i}"] = chunk;
        }

        if (parts > 1)
        {
            entity[name + "_Parts"] = parts;
        }
        else
        {
            entity.Remove(name + "_Parts");
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        var first = entity.GetString(name);
        var parts = entity.GetInt32(name + "_Parts") ?? 1;
        if (first is null || parts <= 1)
        {
            return first;
        }

        return string.Concat(Enumerable.Range(0, parts).Select(i => i == 0 ? first : entity.GetString($"{name}_{i}")));
    }

    /// <summary>Text of at most <paramref name="maxChars"/> for a flat, filterable column; the full value lives in the JSON.</summary>
    public static string? Column(string? value, int maxChars = 1000) =>
        value is null || value.Length <= maxChars ? value : value[..maxChars];
}
