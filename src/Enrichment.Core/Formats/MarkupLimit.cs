using System.Collections.Immutable;
using System.Text;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats;

/// <summary>
/// Holds the rich-text markup a reader hands on (<c>&lt;i&gt;</c>, <c>&lt;b&gt;</c>, <c>&lt;sup&gt;</c>, spans)
/// to <see cref="ReaderLimits.MaxMarkupDepth"/> levels. A tag deeper than that is kept as text: a WORD JOINER
/// (U+2060, invisible) goes after its <c>&lt;</c>, so no rich-text reader takes it for a tag, and every character
/// written is still there (remove U+2060 after <c>&lt;</c> to get the value back). A loop, never recursion.
/// </summary>
internal static class MarkupLimit
{
    public const char Escape = '\u2060';

    /// <summary>How deep the tags in <paramref name="text"/> nest (<c>&lt;i&gt;&lt;b&gt;x&lt;/b&gt;&lt;/i&gt;</c> is 2).</summary>
    public static int Depth(string text)
    {
        var depth = 0;
        var deepest = 0;
        foreach (var (_, closing) in Tags(text))
        {
            depth = closing ? Math.Max(0, depth - 1) : depth + 1;
            deepest = Math.Max(deepest, depth);
        }

        return deepest;
    }

    /// <summary><paramref name="text"/> with the tags past <paramref name="maxDepth"/> (and their closers) kept as text.</summary>
    public static string Cap(string text, int maxDepth, out bool capped)
    {
        capped = false;
        if (text.IndexOf('<') < 0 || Depth(text) <= maxDepth)
        {
            return text;
        }

        capped = true;
        var builder = new StringBuilder(text.Length + 64);
        var depth = 0;
        var escapedOpen = 0;
        var copied = 0;
        foreach (var (at, closing) in Tags(text))
        {
            bool escape;
            if (closing)
            {
                // Tags close innermost first, and the escaped ones are the innermost.
                escape = escapedOpen > 0;
                if (escape)
                {
                    escapedOpen--;
                }
                else
                {
                    depth = Math.Max(0, depth - 1);
                }
            }
            else
            {
                escape = depth >= maxDepth;
                if (escape)
                {
                    escapedOpen++;
                }
                else
                {
                    depth++;
                }
            }

            if (escape)
            {
                builder.Append(text, copied, at + 1 - copied).Append(Escape);
                copied = at + 1;
            }
        }

        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// The record with the markup of every variable and name part capped, and a warning for each capped variable in
    /// <paramref name="warnings"/>.
    /// </summary>
    public static Reference Cap(Reference reference, int maxDepth, List<ParseDiagnostic> warnings, int line, int column, string? key)
    {
        ImmutableSortedDictionary<string, string>.Builder? changed = null;
        foreach (var (name, value) in reference.Variables)
        {
            var capped = Cap(value, maxDepth, out var wasCapped);
            if (wasCapped)
            {
                changed ??= reference.Variables.ToBuilder();
                changed[name] = capped;
                warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning,
                    $"Markup in '{name}' is nested deeper than {maxDepth} (ReaderLimits.MaxMarkupDepth); the deeper tags are kept as text",
                    line, column, key));
            }
        }

        if (changed is not null)
        {
            reference = reference with { Variables = changed.ToImmutable() };
        }

        ImmutableSortedDictionary<string, ImmutableArray<PersonName>>.Builder? names = null;
        foreach (var (name, people) in reference.Names)
        {
            var capped = false;
            var result = people.Select(p =>
            {
                var any = false;
                string? One(string? part)
                {
                    if (part is null)
                    {
                        return null;
                    }

                    var value = Cap(part, maxDepth, out var was);
                    any |= was;
                    return value;
                }

                var person = p with
                {
                    Family = One(p.Family),
                    Given = One(p.Given),
                    Literal = One(p.Literal),
                    Suffix = One(p.Suffix),
                    DroppingParticle = One(p.DroppingParticle),
                    NonDroppingParticle = One(p.NonDroppingParticle),
                };
                capped |= any;
                return any ? person : p;
            }).ToImmutableArray();
            if (capped)
            {
                names ??= reference.Names.ToBuilder();
                names[name] = result;
                warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning,
                    $"Markup in a name in '{name}' is nested deeper than {maxDepth} (ReaderLimits.MaxMarkupDepth); the deeper tags are kept as text",
                    line, column, key));
            }
        }

        return names is null ? reference : reference with { Names = names.ToImmutable() };
    }

    /// <summary>Where each tag starts (its <c>&lt;</c>) and whether it closes: <c>&lt;x...&gt;</c> opens, <c>&lt;/...&gt;</c> closes.</summary>
    private static IEnumerable<(int At, bool Closing)> Tags(string text)
    {
        var close = -1;
        for (var at = text.IndexOf('<'); at >= 0 && at + 1 < text.Length; at = text.IndexOf('<', at + 1))
        {
            if (close < at)
            {
                // The next '>' is looked up once per stretch, so a run of '<' with no '>' stays linear.
                close = text.IndexOf('>', at + 1);
                if (close < 0)
                {
                    yield break;
                }
            }

            if (text[at + 1] == '/')
            {
                yield return (at, true);
            }
            else if (char.IsAsciiLetter(text[at + 1]))
            {
                yield return (at, false);
            }
        }
    }
}
