using Enrichment.Core.Formats.BibTex;

namespace Enrichment.Core.Tests.Formats.BibTex;

public sealed class LatexDecoderTests
{
    [Theory]
    [InlineData(@"{\""o}", "ö")]
    [InlineData(@"\""{o}", "ö")]
    [InlineData(@"\'{e}", "é")]
    [InlineData(@"\'e", "é")]
    [InlineData(@"{\c c}", "ç")]
    [InlineData(@"{\c{C}}", "Ç")]
    [InlineData(@"\v{s}", "š")]
    [InlineData(@"\v s", "š")]
    [InlineData(@"\H{o}", "ő")]
    [InlineData(@"\k{a}", "ą")]
    [InlineData(@"\r{a}", "å")]
    [InlineData(@"\u{g}", "ğ")]
    [InlineData(@"\={a}", "ā")]
    [InlineData(@"\.{z}", "ż")]
    [InlineData(@"\d{s}", "ṣ")]
    [InlineData(@"\^{o}", "ô")]
    [InlineData(@"\`a", "à")]
    [InlineData(@"\~n", "ñ")]
    [InlineData(@"\'{\i}", "í")]
    [InlineData(@"\""\i", "ï")]
    [InlineData(@"\'{}", "\u0301")]
    [InlineData(@"x \'{\O} y {\""o}", "x Ø\u0301 y ö")]
    [InlineData(@"\t{oo}", "o\u0361o")]
    public void Decodes_accents_to_composed_letters(string latex, string expected)
    {
        LatexDecoder.Decode(latex).ShouldBe(expected);
    }

    [Theory]
    [InlineData(@"Stra{\ss}e", "Straße")]
    [InlineData(@"Bj{\o}rn", "Bjørn")]
    [InlineData(@"Bj\o rn", "Bjørn")]
    [InlineData(@"{\O}rsted", "Ørsted")]
    [InlineData(@"{\aa}ngstr{\""o}m", "ångström")]
    [InlineData(@"{\AA}", "Å")]
    [InlineData(@"{\l}{\'o}d{\'z}", "łódź")]
    [InlineData(@"{\L}ukasz", "Łukasz")]
    [InlineData(@"{\ae}{\oe}{\AE}{\OE}", "æœÆŒ")]
    [InlineData(@"\ss{}x", "ßx")]
    public void Decodes_special_letters(string latex, string expected)
    {
        LatexDecoder.Decode(latex).ShouldBe(expected);
    }

    [Theory]
    [InlineData(@"Smith \& Sons", "Smith & Sons")]
    [InlineData(@"100\% \$5 \#1 a\_b", "100% $5 #1 a_b")]
    [InlineData(@"a \{b\}", "a {b}")]
    [InlineData(@"\textbackslash{}n", @"\n")]
    [InlineData("pages 1--2", "pages 1\u20132")]
    [InlineData("yes---no", "yes\u2014no")]
    [InlineData("a-b", "a-b")]
    [InlineData("Dr.~Who", "Dr.\u00A0Who")]
    [InlineData(@"\textendash\ \textemdash{}", "\u2013 \u2014")]
    [InlineData(@"hyphen\-ation", "hyphenation")]
    public void Decodes_escapes_dashes_and_ties(string latex, string expected)
    {
        LatexDecoder.Decode(latex).ShouldBe(expected);
    }

    [Theory]
    [InlineData(@"Energy $E=mc^2$ and {\""u}", "Energy $E=mc^2$ and ü")]
    [InlineData(@"$\alpha$-helix {X}", @"$\alpha$-helix X")]
    [InlineData(@"$$x_{1}$$ -- y", "$$x_{1}$$ \u2013 y")]
    public void Leaves_math_as_it_is(string latex, string expected)
    {
        LatexDecoder.Decode(latex).ShouldBe(expected);
    }

    [Theory]
    [InlineData(@"\emph{Nature} x", "<i>Nature</i> x")]
    [InlineData(@"{\em Nature} x", "<i>Nature</i> x")]
    [InlineData(@"\textbf{bold}", "<b>bold</b>")]
    [InlineData(@"H\textsubscript{2}O", "H<sub>2</sub>O")]
    [InlineData(@"x\textsuperscript{2}", "x<sup>2</sup>")]
    [InlineData(@"\unknown{arg} stays", @"\unknown{arg} stays")]
    [InlineData(@"\url{http://x.org/a_b}", "http://x.org/a_b")]
    public void Turns_formatting_into_rich_text_and_keeps_unknown_commands(string latex, string expected)
    {
        LatexDecoder.Decode(latex).ShouldBe(expected);
    }

    [Theory]
    [InlineData("The {DNA} of {Science}", "The <span class=\"nocase\">DNA</span> of <span class=\"nocase\">Science</span>")]
    [InlineData("{The Whole Title}", "The Whole Title")]
    [InlineData("a {lowercase} word", "a lowercase word")]
    [InlineData(@"{\""O}sterreich today", "Österreich today")]
    [InlineData("{iPhone} apps", "<span class=\"nocase\">iPhone</span> apps")]
    [InlineData("{A {B} C} d", "<span class=\"nocase\">A B C</span> d")]
    public void Marks_case_protecting_braces_in_titles_as_nocase_spans(string latex, string expected)
    {
        LatexDecoder.Decode(latex, markCaseProtection: true).ShouldBe(expected);
    }

    [Fact]
    public void Removes_protecting_braces_without_a_span_outside_titles()
    {
        LatexDecoder.Decode("The {DNA} of life").ShouldBe("The DNA of life");
    }

    [Theory]
    [InlineData("کشاکشِ دولت الکترونیک")]
    [InlineData("Ünïcödé — already – fine")]
    [InlineData("plain ascii text, with commas; and $ signs")]
    public void Passes_unicode_and_plain_text_through_untouched(string text)
    {
        LatexDecoder.NeedsDecoding(text).ShouldBeFalse();
        LatexDecoder.Decode(text).ShouldBeSameAs(text);
    }

    [Fact]
    public void Every_composition_table_pairs_each_base_with_one_precomposed_letter()
    {
        foreach (var (mark, bases, composed) in LatexDecoder.CompositionTables)
        {
            composed.Length.ShouldBe(bases.Length, $"table for U+{(int)mark:X4}");
        }
    }

    [Fact]
    public void Survives_a_hundred_thousand_nested_braces()
    {
        var deep = new string('{', 100_000) + "x" + new string('}', 100_000);
        LatexDecoder.Decode(deep, markCaseProtection: true).ShouldBe("x");
    }
}
