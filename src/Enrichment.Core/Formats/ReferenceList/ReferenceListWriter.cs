using System.Text;
using Enrichment.Core.Identifiers;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.ReferenceList;

/// <summary>
/// Writes one reference per line: the pasted reference string when the record has one, else a plain line built
/// from its fields (authors, year, title, container, DOI as a doi.org link). Read back with
/// <see cref="ReferenceListReader"/>, a line with a DOI is that DOI again.
/// </summary>
public sealed class ReferenceListWriter : IReferenceWriter
{
    public async Task WriteAsync(IAsyncEnumerable<Reference> references, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(writer);
        await foreach (var reference in references.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var line = (reference.ReferenceString ?? Plain(reference)).ReplaceLineEndings(" ");
            await writer.WriteAsync((line + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Plain(Reference reference)
    {
        var text = new StringBuilder();
        var names = reference.Authors.Where(a => !a.IsOthers).Select(a => a.Family is null ? a.Literal : $"{a.FamilyWithParticle}, {a.Given}".TrimEnd(',', ' ')).ToList();
        if (names.Count > 0)
        {
            text.AppendJoin("; ", names).Append(reference.Authors.Any(a => a.IsOthers) ? " et al." : "").Append(' ');
        }

        if (reference.Year is { } year)
        {
            text.Append('(').Append(year).Append("). ");
        }

        foreach (var variable in new[] { "title", "container-title" })
        {
            if (reference.Get(variable) is { Length: > 0 } value)
            {
                text.Append(value.TrimEnd('.')).Append(". ");
            }
        }

        if (Doi.TryParse(reference.DoiText, out var doi))
        {
            text.Append("https://doi.org/").Append(doi.Value);
        }

        return text.Length == 0 ? $"# {reference.Id}: no reference string, title or DOI" : text.ToString().TrimEnd();
    }
}
