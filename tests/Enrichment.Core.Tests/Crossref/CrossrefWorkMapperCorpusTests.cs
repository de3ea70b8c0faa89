using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.Core.Crossref;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Crossref;

/// <summary>The mapping over all the real <c>/works/{doi}</c> responses in ../shared/corpus/crossref-works.</summary>
public sealed partial class CrossrefWorkMapperCorpusTests
{
    private static readonly HashSet<string> CslTypes =
    [
        "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
        "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
        "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
        "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
        "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
        "thesis", "treaty", "webpage",
    ];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (SharedData.Available)
        {
            foreach (var file in Directory.EnumerateFiles(SharedData.CrossrefWorks, "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    private static JsonElement Message(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.CrossrefWorks, file)));
        return document.RootElement.GetProperty("message").Clone();
    }

    [SharedDataFact]
    public void The_corpus_holds_the_243_responses() => Files().Count.ShouldBe(243);

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Every_update_Crossref_lists_becomes_one_of_the_records_updates(string file)
    {
        var work = Message(file);
        var reference = CrossrefWorkMapper.Map(work);

        foreach (var (name, mapped) in new[] { ("updated-by", reference.Updates), ("update-to", reference.UpdateTo) })
        {
            var listed = work.TryGetProperty(name, out var list) ? list.EnumerateArray().ToList() : [];
            mapped.Length.ShouldBeLessThanOrEqualTo(listed.Count);
            foreach (var entry in listed)
            {
                var date = entry.GetProperty("updated").GetProperty("date-parts")[0];
                mapped.ShouldContain(u => u.Type == entry.GetProperty("type").GetString()
                    && u.Doi == entry.GetProperty("DOI").GetString()!.ToLowerInvariant()
                    && u.Source == entry.GetProperty("source").GetString()
                    && u.Date!.Year == date[0].GetInt32(), $"{name} of {file}");
            }
        }

        CslJsonConvert.Deserialize(CslJsonConvert.Serialize(reference)).ShouldBe(reference);
    }

    [SharedDataFact]
    public void A_new_version_registered_in_place_is_kept_and_warns_of_nothing()
    {
        var reference = CrossrefWorkMapper.Map(Message("10.1371_journal.ppat.1006930.json"));

        var update = reference.Updates.ShouldHaveSingleItem();
        (update.Type, update.Doi, update.Source, update.Label, update.Date).ShouldBe(
            ("new_version", "10.1371/journal.ppat.1006930", "publisher", "New version", new DatePart(2018, 3, 26)));
        reference.UpdateTo.ShouldHaveSingleItem().ShouldBe(update);
        WorkUpdates.Warning(reference).ShouldBeNull();
        WorkUpdates.Note(reference).ShouldBeNull();
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Maps_identity_type_title_and_container(string file)
    {
        var work = Message(file);
        var reference = CrossrefWorkMapper.Map(work);

        var doi = work.GetProperty("DOI").GetString()!.ToLowerInvariant();
        reference.Id.ShouldBe(doi);
        reference.DoiText.ShouldBe(doi);
        CslTypes.ShouldContain(reference.Type);
        if (work.TryGetProperty("title", out var titles) && titles.GetArrayLength() > 0 && titles[0].GetString()!.Trim().Length > 0)
        {
            reference.Title.ShouldNotBeNull().ShouldStartWith(AsCslText(titles[0].GetString()!));
        }

        if (work.TryGetProperty("container-title", out var containers) && containers.GetArrayLength() > 0)
        {
            reference.Get("container-title").ShouldBe(AsCslText(containers[0].GetString()!));
        }

        foreach (var field in new[] { "volume", "issue", "page", "publisher" })
        {
            if (work.TryGetProperty(field, out var value))
            {
                reference.Get(field).ShouldBe(value.GetString()!.Trim(), field);
            }
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Keeps_every_author_and_editor_in_order_with_ORCID_and_affiliation(string file)
    {
        var work = Message(file);
        var reference = CrossrefWorkMapper.Map(work);

        foreach (var list in new[] { "author", "editor" })
        {
            var expected = work.TryGetProperty(list, out var people) ? people.EnumerateArray().ToList() : [];
            var names = reference.GetNames(list);
            names.Length.ShouldBe(expected.Count, list);
            for (var i = 0; i < expected.Count; i++)
            {
                if (expected[i].TryGetProperty("family", out var family))
                {
                    names[i].Family.ShouldBe(family.GetString()!.Trim());
                }

                if (expected[i].TryGetProperty("ORCID", out var orcid))
                {
                    names[i].Orcid.ShouldNotBeNull().ShouldStartWith("https://orcid.org/");
                    names[i].Orcid.ShouldEndWith(orcid.GetString()![^19..].ToUpperInvariant());
                }

                var affiliations = expected[i].TryGetProperty("affiliation", out var a) ? a.GetArrayLength() : 0;
                names[i].Affiliations.Length.ShouldBe(affiliations);
            }
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Maps_the_dates_and_identifiers_by_kind(string file)
    {
        var work = Message(file);
        var reference = CrossrefWorkMapper.Map(work);

        if (work.TryGetProperty("issued", out var issued) && issued.GetProperty("date-parts")[0][0].ValueKind == JsonValueKind.Number)
        {
            reference.Year.ShouldBe(issued.GetProperty("date-parts")[0][0].GetInt32());
        }

        if (work.TryGetProperty("published-online", out var online))
        {
            reference.GetDate("available-date").ShouldNotBeNull().Year.ShouldBe(online.GetProperty("date-parts")[0][0].GetInt32());
        }

        foreach (var (typed, prefix) in new[] { ("issn-type", "issn"), ("isbn-type", "isbn") })
        {
            if (!work.TryGetProperty(typed, out var kinds))
            {
                continue;
            }

            foreach (var kind in kinds.EnumerateArray())
            {
                var name = $"{prefix}-{kind.GetProperty("type").GetString()}";
                reference.Custom.ShouldContainKey(name);
            }

            reference.Get(prefix.ToUpperInvariant()).ShouldNotBeNull();
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Turns_the_JATS_abstract_into_plain_text(string file)
    {
        var work = Message(file);
        var reference = CrossrefWorkMapper.Map(work);

        if (!work.TryGetProperty("abstract", out _))
        {
            reference.Get("abstract").ShouldBeNull();
            return;
        }

        var text = reference.Get("abstract").ShouldNotBeNull();
        text.ShouldNotContain("jats:");
        text.ShouldNotContain("&amp;");
        text.ShouldNotStartWith("Abstract");
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Keeps_counts_funders_and_licence(string file)
    {
        var work = Message(file);
        var reference = CrossrefWorkMapper.Map(work);

        if (work.TryGetProperty("is-referenced-by-count", out var cited))
        {
            reference.Custom["cited-by-count"].ShouldBe(cited.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (work.TryGetProperty("funder", out var funders) && funders.GetArrayLength() > 0)
        {
            reference.Custom["funder"].ShouldContain(funders[0].GetProperty("name").GetString()!);
        }

        if (work.TryGetProperty("license", out var licenses) && licenses.GetArrayLength() > 0)
        {
            reference.Get("license").ShouldNotBeNull().ShouldStartWith("http");
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void The_mapped_record_survives_a_CSL_JSON_round_trip(string file)
    {
        var reference = CrossrefWorkMapper.Map(Message(file));

        CslJsonConvert.Deserialize(CslJsonConvert.Serialize(reference)).ShouldBe(reference);
    }

    // A deposited text as the CSL field should hold it: layout whitespace runs as one space, JATS small caps
    // as CSL's small-caps span.
    private static string AsCslText(string deposited) =>
        LayoutWhitespace().Replace(deposited, " ").Trim()
            .Replace("<scp>", "<span style=\"font-variant:small-caps;\">", StringComparison.Ordinal)
            .Replace("</scp>", "</span>", StringComparison.Ordinal);

    [GeneratedRegex("[ \t\n\r\f\v\u0085\u2028\u2029]+")]
    private static partial Regex LayoutWhitespace();
}
