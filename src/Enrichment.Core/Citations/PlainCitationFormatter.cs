using System.Text;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations;

/// <summary>
/// A plain author-date citation (<c>Family, G. (Year). Title. Container, Volume(Issue), Pages. https://doi.org/...</c>),
/// used until a CSL style is asked for.
/// </summary>
public sealed class PlainCitationFormatter : ICitationFormatter
{
    public IReadOnlyCollection<string> BuiltInStyles { get; } = ["plain"];

    public string FormatEntry(Reference reference, string style, CitationOutput output = CitationOutput.Text)
    {
        var text = new StringBuilder();
        var authors = reference.Authors.Where(a => !a.IsOthers).Select(FormatName).ToList();
        if (authors.Count > 0)
        {
            text.Append(string.Join(", ", authors.Take(authors.Count - 1)));
            text.Append(authors.Count > 1 ? ", & " : "").Append(authors[^1]).Append(' ');
        }

        text.Append('(').Append(reference.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n.d.").Append("). ");
        AppendSentence(text, reference.Title);
        if (reference.Get("container-title") is { } container)
        {
            text.Append(container);
            if (reference.Get("volume") is { } volume)
            {
                text.Append(", ").Append(volume);
            }

            if (reference.Get("issue") is { } issue)
            {
                text.Append('(').Append(issue).Append(')');
            }

            if (reference.Get("page") is { } page)
            {
                text.Append(", ").Append(page);
            }

            text.Append(". ");
        }

        if (reference.DoiText is { } doi)
        {
            text.Append("https://doi.org/").Append(doi);
        }

        return text.ToString().TrimEnd();
    }

    private static string FormatName(PersonName name)
    {
        if (name.Family is null)
        {
            return name.Literal ?? "";
        }

        var initials = string.Join(' ', (name.Given ?? "")
            .Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(g => $"{g[0]}."));
        return initials.Length == 0 ? name.FamilyWithParticle : $"{name.FamilyWithParticle}, {initials}";
    }

    private static void AppendSentence(StringBuilder text, string? sentence)
    {
        if (string.IsNullOrWhiteSpace(sentence))
        {
            return;
        }

        text.Append(sentence.TrimEnd());
        if (!sentence.TrimEnd().EndsWith('.') && !sentence.TrimEnd().EndsWith('?') && !sentence.TrimEnd().EndsWith('!'))
        {
            text.Append('.');
        }

        text.Append(' ');
    }
}
