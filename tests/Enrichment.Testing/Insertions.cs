namespace Enrichment.Testing;

/// <summary>Checks on a file that an update may only have added to (<c>enrich update</c>, export mode=update).</summary>
public static class Insertions
{
    /// <summary>True when every character of <paramref name="input"/> appears in <paramref name="output"/>, in order: only insertions were made.</summary>
    public static bool OnlyInserted(string input, string output)
    {
        var k = 0;
        foreach (var c in output)
        {
            if (k < input.Length && input[k] == c)
            {
                k++;
            }
        }

        return k == input.Length;
    }
}
