using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.Ris;

/// <summary>
/// Writes RIS: <c>TY</c> first, <c>ER</c> last, CRLF line ends (as the RIS specification and EndNote expect),
/// a blank line between records. Multi-line prose (<c>AB</c>, <c>N1</c>) continues on following lines; other
/// values are written on one line. What RIS has no tag for (see <see cref="RisMapping.CarriedVariables"/>)
/// is not written; unknown RIS tags kept in custom as <c>ris:XX</c> are written back.
/// </summary>
public sealed class RisWriter : IReferenceWriter
{
    private const string LineEnd = "\r\n";

    public async Task WriteAsync(IAsyncEnumerable<Reference> references, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(writer);
        var first = true;
        await foreach (var reference in references.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!first)
            {
                await writer.WriteAsync(LineEnd.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            first = false;
            await writer.WriteAsync(Format(reference).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One record as RIS text, ending with its <c>ER</c> line.</summary>
    public static string Format(Reference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var builder = new System.Text.StringBuilder();
        foreach (var (tag, value) in RisMapping.ToFields(reference))
        {
            builder.Append(tag).Append("  - ");
            if (RisMapping.IsProse(tag))
            {
                var lines = value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < lines.Length; i++)
                {
                    // A continuation line that looks like a tag line is indented, so it stays prose.
                    var text = i > 0 && RisReader.TryParseTagLine(lines[i], out _, out _) ? " " + lines[i] : lines[i];
                    builder.Append(text).Append(LineEnd);
                }

                if (lines.Length == 0)
                {
                    builder.Append(LineEnd);
                }
            }
            else
            {
                builder.Append(OneLine(value)).Append(LineEnd);
            }
        }

        builder.Append("ER  - ").Append(LineEnd);
        return builder.ToString();
    }

    private static string OneLine(string value) =>
        value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            ? string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            : value;
}
