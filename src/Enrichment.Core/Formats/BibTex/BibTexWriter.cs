using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>
/// Writes records as BibTeX: CSL types back to entry types (or the <c>bibtex-type</c> the reader kept), names
/// as <c>von Last, Jr, First</c>, nocase spans as braces, specials escaped, custom fields back as they were.
/// What the reader made of an entry, the writer gives back so that reading it again yields an equal record.
/// </summary>
public sealed class BibTexWriter : IReferenceWriter
{
    public async Task WriteAsync(IAsyncEnumerable<Reference> references, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(writer);
        var builder = new StringBuilder(2048);
        var first = true;
        await foreach (var reference in references.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            builder.Clear();
            if (!first)
            {
                builder.Append('\n');
            }

            first = false;
            AppendEntry(builder, reference);
            await writer.WriteAsync(builder, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One record as a BibTeX entry.</summary>
    internal static string Format(Reference reference)
    {
        var builder = new StringBuilder(1024);
        AppendEntry(builder, reference);
        return builder.ToString();
    }

    private static void AppendEntry(StringBuilder builder, Reference reference)
    {
        // Retractions, corrections, expressions of concern: said in the note, which every BibTeX style prints.
        if (WorkUpdates.Note(reference) is { } updates)
        {
            reference = reference.With("note", WorkUpdates.WithNote(reference.Get("note"), updates));
        }

        var custom = reference.Custom;
        var type = custom.TryGetValue(BibTexMapper.BibTexTypeField, out var kept) && IsName(kept)
            ? kept
            : BibTexSchema.UnmapType(reference.Type);
        builder.Append('@').Append(type).Append('{').Append(Key(reference.Id)).Append(",\n");
        foreach (var (variable, names) in reference.Names)
        {
            var field = BibTexSchema.FieldForNameVariable.TryGetValue(variable, out var known) ? known : variable;
            Field(builder, field).Append(BibTexNames.Format(names)).Append("},\n");
        }

        foreach (var (variable, value) in reference.Variables)
        {
            var field = FieldFor(variable, reference.Type, custom);
            Field(builder, field);
            switch (variable)
            {
                case "DOI" or "URL":
                    BibTexText.AppendRaw(builder, value);
                    break;
                case "page":
                    AppendPages(builder, value);
                    break;
                default:
                    BibTexText.AppendEscaped(builder, value, BibTexSchema.IsTitleLike(variable));
                    break;
            }

            builder.Append("},\n");
        }

        foreach (var (variable, date) in reference.Dates)
        {
            AppendDate(builder, variable, date, custom);
        }

        foreach (var (name, value) in custom)
        {
            if (name == BibTexMapper.BibTexTypeField)
            {
                continue;
            }

            Field(builder, FieldName(name));
            BibTexText.AppendRaw(builder, value);
            builder.Append("},\n");
        }

        builder.Append("}\n");
    }

    private static StringBuilder Field(StringBuilder builder, string name) => builder.Append("  ").Append(name).Append(" = {");

    private static string FieldFor(string variable, string cslType, ImmutableSortedDictionary<string, string> custom)
    {
        var preferred = variable switch
        {
            "container-title" => BibTexSchema.HasJournal(cslType) ? "journal" : "booktitle",
            "issue" => BibTexSchema.IsSerialPart(cslType) ? "number" : "issue",
            "publisher" => cslType == "thesis" ? "school" : cslType == "report" ? "institution" : "publisher",
            _ => BibTexSchema.FieldForVariable.TryGetValue(variable, out var known) ? known : FieldName(variable.ToLowerInvariant()),
        };
        if (!custom.ContainsKey(preferred))
        {
            return preferred;
        }

        // The source had two fields for one variable (journal and journaltitle): the other one is in custom.
        foreach (var (field, mapping) in BibTexSchema.TextFields)
        {
            if (mapping.Variable == variable && !custom.ContainsKey(field))
            {
                return field;
            }
        }

        return preferred;
    }

    private static void AppendPages(StringBuilder builder, string pages)
    {
        var start = 0;
        for (var k = 0; k <= pages.Length; k++)
        {
            if (k == pages.Length || pages[k] == '-')
            {
                BibTexText.AppendEscaped(builder, pages[start..k], titleLike: false);
                if (k < pages.Length)
                {
                    builder.Append("--");
                }

                start = k + 1;
            }
        }
    }

    private static void AppendDate(StringBuilder builder, string variable, DateValue date, ImmutableSortedDictionary<string, string> custom)
    {
        var text = date.Literal ?? date.Raw;
        if (variable != "issued")
        {
            var field = BibTexSchema.FieldForDateVariable.TryGetValue(variable, out var known) ? known : FieldName(variable);
            Field(builder, field);
            BibTexText.AppendRaw(builder, text ?? Iso(date));
            builder.Append("},\n");
            return;
        }

        // year (and month) when that says it all and the source had no separate year or month; else date.
        var separate = custom.ContainsKey("year") || custom.ContainsKey("month");
        if (text is not null)
        {
            Field(builder, separate ? "date" : "year");
            BibTexText.AppendRaw(builder, text);
            builder.Append("},\n");
        }
        else if (!separate && date.Parts.Length == 1 && date.Parts[0].Day is null)
        {
            var part = date.Parts[0];
            Field(builder, "year").Append(part.Year.ToString(CultureInfo.InvariantCulture)).Append("},\n");
            if (part.Month is { } month)
            {
                builder.Append("  month = ").Append(BibTexSchema.MonthMacros[month - 1]).Append(",\n");
            }
        }
        else if (!date.Parts.IsDefaultOrEmpty)
        {
            Field(builder, "date").Append(Iso(date)).Append("},\n");
        }
    }

    private static string Iso(DateValue date) => string.Join('/', date.Parts.Select(p => p.ToString()));

    private static bool IsName(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '.');

    private static string FieldName(string name) =>
        IsName(name) ? name : string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '.' ? c : '_'));

    private static string Key(string id)
    {
        if (id.Length == 0)
        {
            return "ref";
        }

        return id.AsSpan().IndexOfAny(" \t\r\n,{}()\"#=%") < 0
            ? id
            : string.Concat(id.Select(c => c is ' ' or '\t' or '\r' or '\n' or ',' or '{' or '}' or '(' or ')' or '"' or '#' or '=' or '%' ? '_' : c));
    }
}
