using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

/// <summary>
/// Disambiguation (CSL 1.0.2, Disambiguation): given-name expansion, added names, year-suffixes. Styles and
/// items are written here; the expected text follows the specification's rules.
/// </summary>
public sealed class CslDisambiguationTests
{
    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    private static string Style(string options, string layout) => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>test</id><title>Test</title></info>
          <citation {options}><layout prefix="(" suffix=")" delimiter="; ">{layout}</layout></citation>
        </style>
        """;

    private const string ShortNames = """<names variable="author"><name form="short" initialize-with=". "/></names>""";

    private static Reference Item(string id, string family, string given)
    {
        using var document = JsonDocument.Parse(
            $$$"""{"id": "{{{id}}}", "type": "book", "title": "{{{id}}}", "author": [{"family": "{{{family}}}", "given": "{{{given}}}"}]}""");
        return CslJsonConvert.Read(document.RootElement, "$");
    }

    private static string Cite(string options, string layout, params Reference[] items)
    {
        var processor = new CslProcessor(CslStyle.Load(Style(options, layout)), EnUs);
        return processor.RenderCitation([.. items.Select(i => new CitationItem(i))]);
    }

    public static TheoryData<string, string, string> GivenNameRules => new()
    {
        {
            // Spec, all-names: each ambiguous name is expanded until it is told apart: initials where they
            // differ (B. Doe), the full given name where the initials are shared too (John, Jane).
            "all-names", "(John Doe; Jane Doe; B. Doe)", "all-names"
        },
        {
            // Spec, all-names-with-initials: expansion stops at initials; names whose initials are shared
            // cannot be told apart and remain in their original form.
            "all-names-with-initials", "(Doe; Doe; B. Doe)", "all-names-with-initials"
        },
    };

    [Theory]
    [MemberData(nameof(GivenNameRules))]
    public void Each_ambiguous_name_is_expanded_only_as_far_as_it_takes(string rule, string expected, string behaviour)
    {
        var options = $"""disambiguate-add-givenname="true" givenname-disambiguation-rule="{rule}" """;
        Cite(options, ShortNames, Item("a", "Doe", "John"), Item("b", "Doe", "Jane"), Item("c", "Doe", "Bob"))
            .ShouldBe(expected, behaviour);
    }

    [Fact]
    public void Initials_written_with_different_spacing_are_one_given_name()
    {
        // Spec, disambiguate-add-givenname: only names that differ once initials or given names are shown are
        // ambiguous; "J. J." and "J.J." are the same initials, so neither is expanded.
        const string options = """disambiguate-add-givenname="true" givenname-disambiguation-rule="all-names" """;
        Cite(options, ShortNames, Item("a", "Doe", "J. J."), Item("b", "Doe", "J.J."), Item("c", "Roe", "Ann"))
            .ShouldBe("(Doe; Doe; Roe)");
    }
}
