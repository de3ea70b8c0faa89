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

    public static CslLocale LocaleFor(string? language)
    {
        var en = Locales.GetOrAdd("en-US", _ => CslLocale.LoadFile(SharedData.PathTo("csl", "locales", "locales-en-US.xml")));
        if (language is null || language.Equals("en-US", StringComparison.OrdinalIgnoreCase))
        {
            return en;
        }

        return Locales.GetOrAdd(language, lang =>
        {
            var file = SharedData.PathTo("csl", "locales", $"locales-{lang}.xml");
            if (!File.Exists(file) && lang.Length == 2)
            {
                file = Directory.EnumerateFiles(SharedData.PathTo("csl", "locales"), $"locales-{lang}-*.xml").FirstOrDefault() ?? file;
            }

            return File.Exists(file) ? CslLocale.LoadFile(file, en) : en;
        });
    }

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
                return RunCitations(processor, items, byId, citations);
            }

            if (f.Get("CITATION-ITEMS") is { } citationItems)
            {
                using var doc = JsonDocument.Parse(citationItems);
                var list = new List<(IReadOnlyList<Reference>, IReadOnlyList<CiteInfo>, int)>();
                var note = 1;
                foreach (var citation in doc.RootElement.EnumerateArray())
                {
                    var (refs, cites) = ReadCites(citation, byId);
                    list.Add((refs, cites, note++));
                }

                var session = new Session(processor.Engine, items);
                session.Prepare();
                session.AssignPositions(list);
                var lines = new List<string>();
                foreach (var (refs, cites, _) in list)
                {
                    lines.Add(session.RenderCitation(refs, cites, html: true));
                }

                return string.Join("\n", lines);
            }

            var all = new Session(processor.Engine, items);
            all.Prepare();
            var allCites = items.Select(_ => new CiteInfo()).ToList();
            all.AssignPositions([(items, allCites, 1)]);
            return all.RenderCitation(items, allCites, html: true);
        }

        var bibSession = new Session(processor.Engine, BibliographyItems(f, items, byId));
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

    private static (List<Reference>, List<CiteInfo>) ReadCites(JsonElement citation, Dictionary<string, Reference> byId)
    {
        var refs = new List<Reference>();
        var cites = new List<CiteInfo>();
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
            refs.Add(item);
            cites.Add(new CiteInfo
            {
                Locator = Get("locator"),
                Label = Get("label"),
                Prefix = Get("prefix"),
                Suffix = Get("suffix"),
                SuppressAuthor = Flag("suppress-author"),
                AuthorOnly = Flag("author-only"),
            });
        }

        return (refs, cites);
    }

    private static string RunCitations(CslProcessor processor, List<Reference> items, Dictionary<string, Reference> byId, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var order = new List<string>();
        var clusters = new Dictionary<string, (JsonElement Items, int Note)>(StringComparer.Ordinal);
        Dictionary<string, string>? before = null;
        List<string> previousOrder = [];
        List<string> lastOrder = [];
        var after = new Dictionary<string, string>(StringComparer.Ordinal);
        string last = "";
        foreach (var call in doc.RootElement.EnumerateArray())
        {
            var citation = call[0];
            var id = citation.GetProperty("citationID").GetString() ?? "";
            var note = citation.TryGetProperty("properties", out var props) && props.TryGetProperty("noteIndex", out var n)
                && n.TryGetInt32(out var ni) ? ni : 0;
            // citeproc-js: the document is now the citations before, this one, and the ones after.
            clusters[id] = (citation.GetProperty("citationItems").Clone(), note);
            var newOrder = new List<string>();
            if (call.GetArrayLength() > 2)
            {
                foreach (var (list, isPre) in new[] { (call[1], true), (call[2], false) })
                {
                    if (!isPre)
                    {
                        newOrder.Add(id);
                    }

                    foreach (var pair in list.EnumerateArray())
                    {
                        var otherId = pair[0].GetString() ?? "";
                        if (otherId != id && clusters.TryGetValue(otherId, out var other))
                        {
                            var otherNote = pair.GetArrayLength() > 1 && pair[1].TryGetInt32(out var on) ? on : other.Note;
                            clusters[otherId] = (other.Items, otherNote);
                            newOrder.Add(otherId);
                        }
                    }
                }
            }
            else
            {
                newOrder.AddRange(order.Where(o => o != id));
                newOrder.Add(id);
            }

            order.Clear();
            order.AddRange(newOrder);
            before = after;
            previousOrder = [.. lastOrder];
            lastOrder = [.. order];
            var texts = RenderDocument(processor, items, byId, order, clusters);
            after = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < order.Count; i++)
            {
                after[order[i]] = texts[i];
            }

            last = id;
        }

        var lines = new List<string>();
        for (var i = 0; i < order.Count; i++)
        {
            // citeproc-js reports a citation again when its text or its place changed.
            var changed = order[i] == last || before is null || !before.TryGetValue(order[i], out var old) || old != after[order[i]]
                || previousOrder.IndexOf(order[i]) != i;
            lines.Add($"{(changed ? ">>" : "..")}[{i}] {after[order[i]]}");
        }

        return string.Join("\n", lines);
    }

    private static List<string> RenderDocument(CslProcessor processor, List<Reference> items, Dictionary<string, Reference> byId,
        List<string> order, Dictionary<string, (JsonElement Items, int Note)> clusters)
    {
        var cited = new List<Reference>();
        var list = new List<(IReadOnlyList<Reference>, IReadOnlyList<CiteInfo>, int)>();
        foreach (var id in order)
        {
            var (refs, cites) = ReadCites(clusters[id].Items, byId);
            foreach (var r in refs)
            {
                if (!cited.Contains(r))
                {
                    cited.Add(r);
                }
            }

            list.Add((refs, cites, clusters[id].Note));
        }

        var session = new Session(processor.Engine, cited);
        session.Prepare();
        session.AssignPositions(list);
        var result = new List<string>();
        foreach (var (refs, cites, _) in list)
        {
            result.Add(session.RenderCitation(refs, cites, html: true));
        }

        return result;
    }
}
