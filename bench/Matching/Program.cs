// Precision and recall of matching records without a DOI (issue 14). The evaluation set is built in the run:
// every Crossref work of ../shared/corpus/crossref-works with a title is rendered by the project's CSL engine in
// each style with its DOI and URL removed, written as one pasted reference list per style, read back with the
// reference-list reader and enriched against the fake Crossref over HTTP; one work in four (every fourth by file
// name) is withheld from the fake, so its right answer is "no DOI". The same works written as BibTeX without doi
// and url fields measure the field-based rule. Targets: precision >= 99%, recall >= 90%, and no DOI a record
// already has is ever replaced by a search.
//
// Each style's list is laid out three ways: one reference a line ("lines"), wrapped at 72 columns with a blank
// line between references as pasted from a PDF ("wrapped-blank"), and wrapped with no blank lines ("wrapped"),
// so the reader's splitting is measured with the matching.
//
//   dotnet run -c Release --project bench/Matching -- [--styles apa,ieee,vancouver,mla]
//                                                     [--layouts lines,wrapped-blank,wrapped] [--withhold-every 4] [--verbose]
using System.Globalization;
using System.Text;
using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.ReferenceList;
using Enrichment.Core.Identifiers;
using Enrichment.Core.Records;
using Enrichment.Testing;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Options;

var layouts = Option(args, "--layouts", "lines,wrapped-blank,wrapped").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var styles = Option(args, "--styles", "apa,ieee,vancouver,mla").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var withholdEvery = int.Parse(Option(args, "--withhold-every", "4"), CultureInfo.InvariantCulture);
var verbose = args.Contains("--verbose");
if (!SharedData.Available)
{
    Console.WriteLine("did not run: " + SharedData.MissingReason);
    return 2;
}

var works = new List<Work>();
var files = Directory.EnumerateFiles(SharedData.CrossrefWorks, "*.json").Order(StringComparer.Ordinal).ToList();
await using var fake = await FakeCrossref.StartAsync();
for (var i = 0; i < files.Count; i++)
{
    var json = await File.ReadAllTextAsync(files[i]);
    using var document = JsonDocument.Parse(json);
    var reference = CrossrefWorkMapper.Map(document.RootElement.GetProperty("message"));
    var withheld = i % withholdEvery == withholdEvery - 1;
    if (!withheld)
    {
        fake.AddWork(json);
    }

    if (!string.IsNullOrWhiteSpace(reference.Title) && Doi.TryParse(reference.DoiText, out var doi))
    {
        works.Add(new Work($"w{i + 1}", doi, withheld, reference with { Id = $"w{i + 1}" }));
    }
}

var options = new CrossrefOptions
{
    BaseUrl = fake.BaseUrl,
    Mailto = "bench@example.org",
    RequestsPerSecond = 1000,
    SearchRequestsPerSecond = 1000,
    MaxConcurrentRequests = 8,
    BreakAfterConsecutiveFailures = 1000,
};
var enricher = new ReferenceEnricher(new CrossrefClient(new FlurlClientCache(), Options.Create(options)));
var formatter = new CslCitationFormatter(Options.Create(new StyleOptions()));
Console.WriteLine($"Matching benchmark: {files.Count} Crossref works, {works.Count} with a title and DOI; {works.Count(w => w.Withheld)} withheld from the fake (every {withholdEvery}th file)");
Console.WriteLine();
Console.WriteLine("| source | records | answerable | matched right | matched wrong | withheld matched | not matched | lost by the reader | precision | recall |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
var allMet = true;
foreach (var name in styles)
{
    var style = await formatter.GetStyleAsync(name, StyleOrigin.Operator);
    var rendered = works.ToDictionary(w => w, w => style.FormatEntry(Strip(w.Reference)).ReplaceLineEndings(" ").Trim());
    var byText = works.GroupBy(w => Unnumbered(rendered[w])).ToDictionary(g => g.Key, g => g.First());
    foreach (var layout in layouts)
    {
        var list = new StringBuilder();
        var n = 0;
        foreach (var work in works)
        {
            n++;
            // IEEE and Vancouver lists are numbered as they are in papers; APA and MLA are not.
            var text = rendered[work];
            text = name switch
            {
                "ieee" => text.StartsWith('[') ? text : $"[{n}] {text}",
                "vancouver" => char.IsDigit(text[0]) ? text : $"{n}. {text}",
                _ => text,
            };
            list.Append(layout == "lines" ? text : Wrap(text, 72)).Append(layout == "wrapped-blank" ? "\n\n" : "\n");
        }

        var records = await ReadAsync(new ReferenceListReader(), list.ToString());
        var pairs = new List<(Work Work, Reference Record)>();
        foreach (var record in records)
        {
            if (record.Reference?.ReferenceString is { } text && byText.TryGetValue(Unnumbered(text), out var work))
            {
                pairs.Add((work, record.Reference));
            }
            else if (verbose)
            {
                Console.WriteLine($"  reader: {record.Reference?.ReferenceString ?? record.Error}");
            }
        }

        var row = await MeasureAsync(enricher, $"{name}, {layout}", works, pairs, verbose);
        Console.WriteLine(row.Line);
        allMet &= row.Met;
    }
}

{
    var bib = new StringWriter();
    await new BibTexWriter().WriteAsync(works.Select(w => Strip(w.Reference)).ToAsyncEnumerable(), bib);
    var records = await ReadAsync(new BibTexReader(), bib.ToString());
    var byId = works.ToDictionary(w => w.Id);
    var pairs = records.Where(r => r.Reference is { } x && byId.ContainsKey(x.Id)).Select(r => (byId[r.Reference!.Id], r.Reference!)).ToList();
    var row = await MeasureAsync(enricher, "BibTeX without doi/url", works, pairs, verbose);
    Console.WriteLine(row.Line);
    allMet &= row.Met;
}

// A DOI the source has is never replaced by a search, even when Crossref does not know it (withheld works).
var kept = 0;
var withDoi = works.Where(w => w.Withheld).ToList();
foreach (var work in withDoi)
{
    var source = new Reference { Id = work.Id }.WithCustom(Reference.ReferenceStringKey, "anything").With("DOI", work.Doi.Value)
        .With("title", work.Reference.Title);
    var result = await enricher.EnrichAsync(source);
    kept += result.Merged.DoiText == work.Doi.Value && result.Match is null ? 1 : 0;
}

Console.WriteLine();
Console.WriteLine($"Records with a DOI Crossref does not know: {kept} of {withDoi.Count} kept their DOI and were not searched; searches made: {fake.SearchCalls}");
allMet &= kept == withDoi.Count;
Console.WriteLine(allMet ? "All targets met (precision >= 99%, recall >= 90%, no DOI replaced)." : "TARGETS MISSED (see the rows above).");
return allMet ? 0 : 1;

static Reference Strip(Reference reference) => reference.With("DOI", null).With("URL", null);

static string Unnumbered(string text) => string.Join(' ', ReferenceListMarker.Strip(text).Split(' ', StringSplitOptions.RemoveEmptyEntries));

// Breaks a reference into lines of at most `width` characters at spaces, as a PDF's columns do.
static string Wrap(string text, int width)
{
    var lines = new StringBuilder();
    var line = new StringBuilder();
    foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        if (line.Length > 0 && line.Length + 1 + word.Length > width)
        {
            lines.Append(line).Append('\n');
            line.Clear();
        }

        line.Append(line.Length > 0 ? " " : "").Append(word);
    }

    return lines.Append(line).ToString();
}

static async Task<List<ParsedRecord>> ReadAsync(IReferenceReader reader, string text)
{
    var records = new List<ParsedRecord>();
    await foreach (var record in reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text))))
    {
        records.Add(record);
    }

    return records;
}

static async Task<Row> MeasureAsync(ReferenceEnricher enricher, string label, List<Work> works, List<(Work Work, Reference Record)> pairs, bool verbose)
{
    int right = 0, wrong = 0, withheldMatched = 0, notMatched = 0;
    var results = new (Work Work, EnrichedRecord Result)[pairs.Count];
    await Parallel.ForEachAsync(Enumerable.Range(0, pairs.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        results[i] = (pairs[i].Work, await enricher.EnrichAsync(pairs[i].Record, ct)));
    foreach (var (work, result) in results)
    {
        var matched = result.Status == EnrichmentStatus.Enriched ? result.Merged.DoiText : null;
        if (matched is null)
        {
            notMatched++;
            if (verbose && !work.Withheld)
            {
                Console.WriteLine($"  missed {work.Doi}: {result.Reason} | {result.Source.ReferenceString ?? result.Source.Title}");
            }
        }
        else if (work.Withheld)
        {
            withheldMatched++;
            Console.WriteLine($"  withheld {work.Doi} matched {matched}: {result.Source.ReferenceString ?? result.Source.Title}");
        }
        else if (string.Equals(matched, work.Doi.Value, StringComparison.OrdinalIgnoreCase))
        {
            right++;
        }
        else
        {
            wrong++;
            Console.WriteLine($"  {work.Doi} matched {matched}: {result.Source.ReferenceString ?? result.Source.Title}");
        }
    }

    var answerable = works.Count(w => !w.Withheld);
    var lost = works.Count - pairs.Count;
    var precision = right + wrong + withheldMatched == 0 ? 1.0 : (double)right / (right + wrong + withheldMatched);
    var recall = (double)right / answerable;
    var met = precision >= 0.99 && recall >= 0.90;
    return new Row(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {pairs.Count} | {answerable} | {right} | {wrong} | {withheldMatched} | {notMatched} | {lost} | {precision:P1} | {recall:P1} |"), met);
}

static string Option(string[] args, string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

internal sealed record Work(string Id, Doi Doi, bool Withheld, Reference Reference);

internal sealed record Row(string Line, bool Met);

internal static class ReferenceListMarker
{
    /// <summary>A rendered entry without the number a numbered style puts before it ("[3] ", "3. ").</summary>
    public static string Strip(string text)
    {
        var trimmed = text.Trim();
        var end = 0;
        if (trimmed.StartsWith('['))
        {
            end = trimmed.IndexOf(']', StringComparison.Ordinal) + 1;
        }
        else
        {
            while (end < trimmed.Length && char.IsDigit(trimmed[end]))
            {
                end++;
            }

            end = end > 0 && end < trimmed.Length && trimmed[end] is '.' or ')' ? end + 1 : 0;
        }

        return trimmed[end..].Trim();
    }
}
