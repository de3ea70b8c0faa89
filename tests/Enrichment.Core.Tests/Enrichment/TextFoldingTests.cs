using Enrichment.Core.Enrichment;

namespace Enrichment.Core.Tests.Enrichment;

public sealed class TextFoldingTests
{
    [Theory]
    [InlineData("{DNA} Repair in M{\\\"u}ller's <i>E. coli</i>", "dna repair in mullers e coli")]
    [InlineData("Müller–Ångström: café", "muller angstrom cafe")]
    [InlineData("  The   \\emph{Great}  Gatsby ", "the great gatsby")]
    [InlineData("Łódź, Straße", "lodz strasse")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Folds_case_accents_TeX_markup_and_punctuation(string? text, string expected) =>
        TextFolding.Fold(text).ShouldBe(expected);

    [Theory]
    [InlineData("fire ecology", "fire ecology", 1.0)]
    [InlineData("fire ecology", "fire ecologu", 0.9166)]
    [InlineData("abc", "xyz", 0.0)]
    [InlineData("", "", 1.0)]
    [InlineData("abc", "", 0.0)]
    public void Measures_similarity_by_edit_distance(string a, string b, double expected) =>
        TextFolding.Similarity(a, b).ShouldBe(expected, 0.001);
}
