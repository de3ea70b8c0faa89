using System.Text.Json;
using System.Xml.Linq;
using Enrichment.Core.Citations.Csl.Rendering;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations.Suite;

/// <summary>
/// Replays a fixture's CITATIONS section the way the suite's reference harness does: each entry is
/// [citation, citationsPre, citationsPost], which together are the whole document after that call (a
/// citation in neither list has been deleted, and its items leave the document with it). After each call the
/// document is rendered again, and the citations the last call updated are marked "&gt;&gt;", the others "..".
/// </summary>
/// <remarks>
/// A call updates the citation it inserts, every citation whose text changed, and, as the reference processor
/// does, every citation a cite of which changed position (first, subsequent, ibid), first-reference-note-number
/// or near-note, even when its text did not change; a changed first-reference-note-number also updates every
/// other citation of that item (its first cite may have moved to another note). An item whose disambiguation
/// changed (names added, given names expanded, the disambiguate condition, its year-suffix) updates every citation
/// of it; so does, in a note style that tests the disambiguate condition, an item cited once before and more
/// often now (or the reverse).
/// </remarks>
internal sealed class CitationsReplay
{
    /// <summary>One citation of the document: its cites as the fixture gives them and its note number.</summary>
    private sealed record Cluster(JsonElement Items, int Note);

    /// <summary>What disambiguation settled for one item.</summary>
    private sealed record Disambiguation(int AddNames, string GivenLevels, int GivenLevelAll, bool Disambiguate, string? YearSuffix);

    /// <summary>Where one cite stands in the document: what its position conditions test.</summary>
    private sealed record CitePlace(string ItemId, int Position, int? FirstReferenceNoteNumber, bool NearNote);

    private readonly Engine _engine;
    private readonly bool _countsCitations;
    private readonly Dictionary<string, Reference> _byId;
    private readonly Dictionary<string, Cluster> _clusters = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private Dictionary<string, List<CitePlace>> _places = new(StringComparer.Ordinal);
    private Dictionary<string, Disambiguation> _disambiguation = new(StringComparer.Ordinal);
    private Dictionary<string, int> _citationCounts = new(StringComparer.Ordinal);
    private HashSet<string> _updated = new(StringComparer.Ordinal);

    private CitationsReplay(Engine engine, Dictionary<string, Reference> byId, bool countsCitations)
    {
        _engine = engine;
        _countsCitations = countsCitations;
        _byId = byId;
    }

    /// <summary>Replays every call of <paramref name="json"/>, in order, under the style <paramref name="csl"/>.</summary>
    public static CitationsReplay Run(Engine engine, string csl, Dictionary<string, Reference> byId, string json)
    {
        var testsDisambiguate = XDocument.Parse(csl).Descendants().Any(e => e.Attribute("disambiguate")?.Value == "true");
        var replay = new CitationsReplay(engine, byId, engine.Style.Class == "note" && testsDisambiguate);
        using var doc = JsonDocument.Parse(json);
        foreach (var call in doc.RootElement.EnumerateArray())
        {
            replay.Insert(call);
        }

        return replay;
    }

    /// <summary>The document after the last call, one line per citation in document order.</summary>
    public string Lines()
    {
        var lines = new List<string>(_order.Count);
        for (var i = 0; i < _order.Count; i++)
        {
            var id = _order[i];
            lines.Add($"{(_updated.Contains(id) ? ">>" : "..")}[{i}] {_texts[id]}");
        }

        return string.Join("\n", lines);
    }

    /// <summary>The items the document cites now, in the order they were first cited.</summary>
    public List<Reference> CitedItems()
    {
        var cited = new List<Reference>();
        foreach (var (refs, _, _) in Document())
        {
            foreach (var r in refs)
            {
                if (!cited.Contains(r))
                {
                    cited.Add(r);
                }
            }
        }

        return cited;
    }

    private void Insert(JsonElement call)
    {
        var citation = call[0];
        var id = citation.GetProperty("citationID").GetString() ?? "";
        var note = citation.TryGetProperty("properties", out var props) && props.TryGetProperty("noteIndex", out var n)
            && n.TryGetInt32(out var ni) ? ni : 0;
        var clusters = new Dictionary<string, Cluster>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in call[1].EnumerateArray())
        {
            Keep(pair, id, clusters, order);
        }

        clusters[id] = new Cluster(citation.GetProperty("citationItems").Clone(), note);
        order.Add(id);
        foreach (var pair in call[2].EnumerateArray())
        {
            Keep(pair, id, clusters, order);
        }

        _clusters.Clear();
        foreach (var (key, cluster) in clusters)
        {
            _clusters[key] = cluster;
        }

        _order.Clear();
        _order.AddRange(order);

        var (texts, places, disambiguation) = Render();
        var counts = CitationCounts(places);
        _updated = Updated(id, texts, places, TaintedItems(places, disambiguation, counts));
        _texts = texts;
        _places = places;
        _disambiguation = disambiguation;
        _citationCounts = counts;
    }

    /// <summary>The inserted citation, the citations whose text or cite positions changed, and every citation of a tainted item.</summary>
    private HashSet<string> Updated(string inserted, Dictionary<string, string> texts, Dictionary<string, List<CitePlace>> places,
        HashSet<string> taintedItems)
    {
        var updated = new HashSet<string>(StringComparer.Ordinal) { inserted };
        foreach (var (key, cites) in places)
        {
            var textChanged = !_texts.TryGetValue(key, out var before) || before != texts[key];
            var placeChanged = _places.TryGetValue(key, out var was) && !was.SequenceEqual(cites);
            if (textChanged || placeChanged || cites.Exists(c => taintedItems.Contains(c.ItemId)))
            {
                updated.Add(key);
            }
        }

        return updated;
    }

    /// <summary>
    /// Items whose every citation is updated: a cite of it changed first-reference-note-number, its disambiguation
    /// changed, or (when the style counts citations) it went from one citation to several or back.
    /// </summary>
    private HashSet<string> TaintedItems(Dictionary<string, List<CitePlace>> places, Dictionary<string, Disambiguation> disambiguation,
        Dictionary<string, int> counts)
    {
        var tainted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, cites) in places)
        {
            if (_places.TryGetValue(key, out var was) && was.Count == cites.Count)
            {
                for (var i = 0; i < was.Count; i++)
                {
                    if (was[i].FirstReferenceNoteNumber != cites[i].FirstReferenceNoteNumber)
                    {
                        tainted.Add(cites[i].ItemId);
                    }
                }
            }
        }

        foreach (var (item, state) in disambiguation)
        {
            if (_disambiguation.TryGetValue(item, out var was) && was != state)
            {
                tainted.Add(item);
            }
        }

        if (_countsCitations)
        {
            foreach (var (item, count) in counts)
            {
                if (!_citationCounts.TryGetValue(item, out var was) || (was < 2) != (count < 2))
                {
                    tainted.Add(item);
                }
            }
        }

        return tainted;
    }

    /// <summary>How many citations cite each item.</summary>
    private static Dictionary<string, int> CitationCounts(Dictionary<string, List<CitePlace>> places)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cites in places.Values)
        {
            foreach (var item in cites.Select(c => c.ItemId).Distinct(StringComparer.Ordinal))
            {
                counts[item] = counts.GetValueOrDefault(item) + 1;
            }
        }

        return counts;
    }

    /// <summary>A citation named in citationsPre or citationsPost stays in the document, at the note given there.</summary>
    private void Keep(JsonElement pair, string inserted, Dictionary<string, Cluster> clusters, List<string> order)
    {
        var otherId = pair[0].GetString() ?? "";
        if (otherId == inserted || !_clusters.TryGetValue(otherId, out var other) || clusters.ContainsKey(otherId))
        {
            return;
        }

        var note = pair.GetArrayLength() > 1 && pair[1].TryGetInt32(out var on) ? on : other.Note;
        clusters[otherId] = other with { Note = note };
        order.Add(otherId);
    }

    private List<(IReadOnlyList<Reference> Refs, IReadOnlyList<CiteInfo> Cites, int Note)> Document()
    {
        var list = new List<(IReadOnlyList<Reference>, IReadOnlyList<CiteInfo>, int)>(_order.Count);
        foreach (var id in _order)
        {
            var (refs, cites, _) = FixtureRunner.ReadCites(_clusters[id].Items, _byId);
            list.Add((refs, cites, _clusters[id].Note));
        }

        return list;
    }

    private (Dictionary<string, string> Texts, Dictionary<string, List<CitePlace>> Places, Dictionary<string, Disambiguation> Items) Render()
    {
        var document = Document();
        var cited = CitedItems();
        var session = new Session(_engine, cited);
        session.Prepare();
        session.AssignPositions(document);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var places = new Dictionary<string, List<CitePlace>>(StringComparer.Ordinal);
        for (var i = 0; i < document.Count; i++)
        {
            var (refs, cites, _) = document[i];
            texts[_order[i]] = session.RenderCitation(refs, cites, html: true);
            places[_order[i]] = [.. refs.Select((r, k) => new CitePlace(r.Id, cites[k].Position, cites[k].FirstReferenceNoteNumber, cites[k].NearNote))];
        }

        var items = new Dictionary<string, Disambiguation>(StringComparer.Ordinal);
        foreach (var item in cited)
        {
            var state = session.State(item);
            items[item.Id] = new Disambiguation(state.AddNames, string.Join(",", state.GivenLevels ?? []), state.GivenLevelAll,
                state.Disambiguate, state.YearSuffix);
        }

        return (texts, places, items);
    }
}
