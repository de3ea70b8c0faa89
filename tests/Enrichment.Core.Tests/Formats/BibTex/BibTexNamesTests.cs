using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.BibTex;

public sealed class BibTexNamesTests
{
    public static TheoryData<string, string?, string?, string?, string?, string?> People => new()
    {
        // raw, given, non-dropping particle, family, suffix, dropping particle
        { "Donald E. Knuth", "Donald E.", null, "Knuth", null, null },
        { "Knuth, Donald E.", "Donald E.", null, "Knuth", null, null },
        { "Ludwig van Beethoven", "Ludwig", "van", "Beethoven", null, null },
        { "van Beethoven, Ludwig", "Ludwig", "van", "Beethoven", null, null },
        { "Jean de La Fontaine", "Jean", "de", "La Fontaine", null, null },
        { "de la Vallée Poussin, Charles Louis", "Charles Louis", "de la", "Vallée Poussin", null, null },
        { "King, Jr, Martin Luther", "Martin Luther", null, "King", "Jr", null },
        { "von Last, Jr., First", "First", "von", "Last", "Jr.", null },
        { "Humboldt, Alexander von", "Alexander", null, "Humboldt", null, "von" },
        { "Plato", null, null, "Plato", null, null },
        { "J{\\\"o}rg M{\\\"u}ller", "Jörg", null, "Müller", null, null },
        { "Ren{\\'e} {\\v{C}}apek", "René", null, "Čapek", null, null },
        { "Brinch~Hansen, Per", "Per", null, "Brinch Hansen", null, null },
        { "{von} Neumann, John", "John", null, "von Neumann", null, null },
        { "Jean {\\\"u}ber Bar", "Jean", "über", "Bar", null, null },
        { "Khalili, Mohsen", "Mohsen", null, "Khalili", null, null },
    };

    [Theory]
    [MemberData(nameof(People))]
    public void Splits_a_name_the_way_BibTeX_does(string raw, string? given, string? particle, string? family, string? suffix, string? dropping)
    {
        var name = BibTexNames.Parse(raw).ShouldHaveSingleItem();

        name.ShouldBe(new PersonName { Given = given, NonDroppingParticle = particle, Family = family, Suffix = suffix, DroppingParticle = dropping });
    }

    [Theory]
    [InlineData("{Barnes and Noble, Inc.}", "Barnes and Noble, Inc.")]
    [InlineData("{World Health Organization}", "World Health Organization")]
    [InlineData("{Institut f{\\\"u}r Informatik}", "Institut für Informatik")]
    public void Keeps_a_brace_protected_corporate_name_whole(string raw, string literal)
    {
        BibTexNames.Parse(raw).ShouldHaveSingleItem().ShouldBe(new PersonName { Literal = literal });
    }

    [Fact]
    public void Splits_on_and_outside_braces_only_and_reads_others_as_et_al()
    {
        var names = BibTexNames.Parse("Knuth, Donald and {Barnes and Noble} AND Anderson, Alice and others");

        names.Length.ShouldBe(4);
        names[0].Family.ShouldBe("Knuth");
        names[1].Literal.ShouldBe("Barnes and Noble");
        names[2].Family.ShouldBe("Anderson");
        names[3].ShouldBe(PersonName.Others);
    }

    [Fact]
    public void Does_not_split_on_and_inside_a_word()
    {
        BibTexNames.Parse("Sandy Anderson and Andrea Landau").Select(n => n.Family).ShouldBe(["Anderson", "Landau"]);
    }

    public static TheoryData<string> RoundTrips => new()
    {
        "Donald E. Knuth and van Beethoven, Ludwig and others",
        "King, Jr, Martin Luther and Humboldt, Alexander von",
        "{Barnes and Noble, Inc.} and {\\O}rsted, Hans Christian",
        "{von} Neumann, John and hooks, bell and {{\\`A}ngel} Garc{\\'i}a",
        "Smith, John {de}",
        "UNESCO and Do{\\~n}a, {Mar\\'ia} Jos\\'e",
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Formats_names_so_that_parsing_them_again_gives_the_same_names(string raw)
    {
        var names = BibTexNames.Parse(raw);

        BibTexNames.Parse(BibTexNames.Format(names)).ShouldBe(names);
    }

    [Fact]
    public void Formats_names_as_von_last_jr_first()
    {
        var names = BibTexNames.Parse("Ludwig van Beethoven and King, Jr, Martin Luther and {Barnes \\& Noble}");

        BibTexNames.Format(names).ShouldBe("van Beethoven, Ludwig and King, Jr, Martin Luther and {Barnes \\& Noble}");
    }
}
