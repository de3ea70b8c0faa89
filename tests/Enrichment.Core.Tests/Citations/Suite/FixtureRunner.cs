using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.Core.Citations;
using Enrichment.Core.Citations.Csl.Rendering;
using Enrichment.Core.Records;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Citations.Suite;

/// <summary>One fixture of the CSL processor test suite, split into its sections.</summary>
internal sealed record Fixture(string Name, IReadOnlyDictionary<string, string> Sections)
{
    public string Mode => Sections.GetValueOrDefault("MODE", "").Trim();
    public string Result => Sections.GetValueOrDefault("RESULT", "");
    public string? Get(string section) => Sections.TryGetValue(section, out var s) ? s : null;
}

/// <summary>Runs fixtures the way citeproc-js's test runner does, with its html output format.</summary>
internal static partial class FixtureRunner
{
    [GeneratedRegex(@">>=+ ([A-Z-]+) =+>>\r?\n(.*?)\r?\n?<<=+ \1 =+<<", RegexOptions.Singleline)]
    private static partial Regex Section();

    private static readonly ConcurrentDictionary<string, CslLocale> Locales = new(StringComparer.OrdinalIgnoreCase);

    public static string SuiteFolder => SharedData.PathTo("csl", "test-suite", "processor-tests", "humans");

    public static Fixture Parse(string name, string text)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Section().Matches(text))
        {
            sections[m.Groups[1].Value] = m.Groups[2].Value;
        }

        return new Fixture(name, sections);
    }

    public static IEnumerable<Fixture> All()
    {
        foreach (var path in Directory.EnumerateFiles(SuiteFolder, "*.txt").Order(StringComparer.Ordinal))
        {
            yield return Parse(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path));
        }
    }

    /// <summary>
    /// The locale files for <paramref name="language"/> as the specification's locale fallback reads them: the
    /// chosen dialect (a bare language means its primary dialect), then the primary dialect of its language, then
    /// en-US. A dialect with no file still carries its tag, so the style's own cs:locale sections for it apply.
    /// </summary>
    public static CslLocale LocaleFor(string? language)
    {
        var en = Locales.GetOrAdd("en-US", _ => CslLocale.LoadFile(LocaleFile("en-US")));
        if (language is null || language.Equals("en-US", StringComparison.OrdinalIgnoreCase))
        {
            return en;
        }

        return Locales.GetOrAdd(language, lang =>
        {
            var primaries = PrimaryDialects.Value;
            var chosen = lang.Contains('-', StringComparison.Ordinal) ? lang : primaries.GetValueOrDefault(lang, lang);
            var fallback = en;
            if (primaries.GetValueOrDefault(chosen.Split('-')[0]) is { } primary
                && !primary.Equals(chosen, StringComparison.OrdinalIgnoreCase) && File.Exists(LocaleFile(primary)))
            {
                fallback = Locales.GetOrAdd(primary, _ => CslLocale.LoadFile(LocaleFile(primary), en));
            }

            return File.Exists(LocaleFile(chosen))
                ? CslLocale.LoadFile(LocaleFile(chosen), fallback)
                : CslLocale.Load($"<locale xmlns=\"http://purl.org/net/xbiblio/csl\" version=\"1.0\" xml:lang=\"{chosen}\"><terms/></locale>", fallback);
        });
    }

    private static string LocaleFile(string dialect) => SharedData.PathTo("csl", "locales", $"locales-{dialect}.xml");

    /// <summary>Each language's primary dialect, from the locales' own locales.json.</summary>
    private static readonly Lazy<Dictionary<string, string>> PrimaryDialects = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.PathTo("csl", "locales", "locales.json")));
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in doc.RootElement.GetProperty("primary-dialects").EnumerateObject())
        {
            result[p.Name] = p.Value.GetString() ?? p.Name;
        }

        return result;
    });

    /// <summary>
    /// Line ends and the whitespace between div tags (block elements: HTML ignores it; fixtures indent them
    /// differently) do not count.
    /// </summary>
    public static string Normalise(string s) =>
        BetweenDivs().Replace(s.Replace("\r\n", "\n", StringComparison.Ordinal), "").Trim();

    [GeneratedRegex(@"(?<=</?div[^>]*>)\s+(?=</?div)")]
    private static partial Regex BetweenDivs();

    public static string Run(Fixture f)
    {
        var style = CslStyle.Load(f.Get("CSL") ?? throw new InvalidOperationException("no CSL"));
        var processor = new CslProcessor(style, LocaleFor(style.DefaultLocale));
        using var input = JsonDocument.Parse(f.Get("INPUT") ?? "[]");
        var items = new List<Reference>();
        foreach (var element in input.RootElement.EnumerateArray())
        {
            items.Add(FixtureJson.Read(element));
        }

        // A repeated id: the later item wins, as it does in citeproc-js's item store.
        var byId = new Dictionary<string, Reference>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byId[item.Id] = item;
        }

        items = items.Where(i => ReferenceEquals(byId[i.Id], i)).ToList();

        if (f.Mode.StartsWith("citation", StringComparison.Ordinal))
        {
            if (f.Get("CITATIONS") is { } citations)
            {
                return CitationsReplay.Run(processor.Engine, f.Get("CSL")!, byId, citations).Lines();
            }

            if (f.Get("CITATION-ITEMS") is { } citationItems)
            {
                using var doc = JsonDocument.Parse(citationItems);
                var list = new List<(IReadOnlyList<Reference>, IReadOnlyList<CiteInfo>, int)>();
                var given = new List<(CiteInfo Cite, int Position)>();
                var note = 1;
                foreach (var citation in doc.RootElement.EnumerateArray())
                {
                    var (refs, cites, positions) = ReadCites(citation, byId);
                    list.Add((refs, cites, note++));
                    given.AddRange(positions);
                }

                var session = new Session(processor.Engine, items);
                session.Prepare();
                session.AssignPositions(list);
                // A cite that names its "position" keeps it, as the reference harness hands it to citeproc-js.
                foreach (var (cite, position) in given)
                {
                    cite.Position = position;
                }
                var lines = new List<string>();
                foreach (var (refs, cites, _) in list)
                {
                    lines.Add(session.RenderCitation(refs, cites, html: true));
                }

                return string.Join("\n", lines);
            }

            // No citations given: one citation of every item, in the order the registry keeps them (the
            // bibliography's sort), as the reference harness builds it.
            var all = new Session(processor.Engine, items);
            all.Prepare();
            var registered = all.ItemsInBibliographyOrder();
            var allCites = registered.Select(_ => new CiteInfo()).ToList();
            all.AssignPositions([(registered, allCites, 1)]);
            return all.RenderCitation(registered, allCites, html: true);
        }

        // With CITATIONS, the bibliography holds what the document cites once every call is replayed.
        var bibItems = f.Get("CITATIONS") is { } calls
            ? CitationsReplay.Run(processor.Engine, f.Get("CSL")!, byId, calls).CitedItems()
            : BibliographyItems(f, items, byId);
        var bibSession = new Session(processor.Engine, bibItems);
        bibSession.Prepare();
        var entries = bibSession.RenderBibliography(html: true);
        var sb = new StringBuilder("<div class=\"csl-bib-body\">\n");
        foreach (var entry in entries)
        {
            if (entry.StartsWith("<div class=\"csl-left-margin\">", StringComparison.Ordinal)
                || entry.StartsWith("<div class=\"csl-block\">", StringComparison.Ordinal))
            {
                sb.Append("  <div class=\"csl-entry\">\n    ").Append(entry).Append("\n  </div>\n");
            }
            else if (entry.EndsWith("</div>", StringComparison.Ordinal))
            {
                // citeproc-js breaks the line after a trailing block.
                sb.Append("  <div class=\"csl-entry\">").Append(entry).Append("\n  </div>\n");
            }
            else
            {
                sb.Append("  <div class=\"csl-entry\">").Append(entry).Append("</div>\n");
            }
        }

        return sb.Append("</div>").ToString();
    }

    private static List<Reference> BibliographyItems(Fixture f, List<Reference> items, Dictionary<string, Reference> byId)
    {
        var cited = f.Get("CITATION-ITEMS") ?? null;
        if (cited is null)
        {
            return items;
        }

        using var doc = JsonDocument.Parse(cited);
        var result = new List<Reference>();
        foreach (var citation in doc.RootElement.EnumerateArray())
        {
            foreach (var cite in citation.EnumerateArray())
            {
                if (cite.TryGetProperty("id", out var id) && byId.TryGetValue(IdText(id), out var item) && !result.Contains(item))
                {
                    result.Add(item);
                }
            }
        }

        return result;
    }

    private static string IdText(JsonElement id) => id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();

    /// <summary>The cites of one citation, and the positions some of them name.</summary>
    public static (List<Reference> Refs, List<CiteInfo> Cites, List<(CiteInfo Cite, int Position)> GivenPositions) ReadCites(
        JsonElement citation, Dictionary<string, Reference> byId)
    {
        var refs = new List<Reference>();
        var cites = new List<CiteInfo>();
        var given = new List<(CiteInfo, int)>();
        foreach (var cite in citation.EnumerateArray())
        {
            if (!cite.TryGetProperty("id", out var id) || !byId.TryGetValue(IdText(id), out var item))
            {
                continue;
            }

            string? Get(string key) => cite.TryGetProperty(key, out var x)
                ? x.ValueKind == JsonValueKind.String ? x.GetString() : x.ValueKind == JsonValueKind.Number ? x.GetRawText() : null
                : null;
            bool Flag(string key) => cite.TryGetProperty(key, out var x) && (x.ValueKind == JsonValueKind.True
                || (x.ValueKind == JsonValueKind.Number && x.GetRawText() != "0"));
            var info = new CiteInfo
            {
                Locator = Get("locator"),
                Label = Get("label"),
                Prefix = Get("prefix"),
                Suffix = Get("suffix"),
                SuppressAuthor = Flag("suppress-author"),
                AuthorOnly = Flag("author-only"),
            };
            refs.Add(item);
            cites.Add(info);
            if (cite.TryGetProperty("position", out var position) && position.TryGetInt32(out var value))
            {
                given.Add((info, value));
            }
        }

        return (refs, cites, given);
    }
}
