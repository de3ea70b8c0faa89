using System.Runtime.CompilerServices;
using System.Text;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Api;

/// <summary>
/// <c>GET /api/uploads/{id}/export?format=bibtex|ris|csl-json|doi-list|text&amp;style=apa&amp;duplicates=keep|drop</c>:
/// the upload's enriched records in the format the user's tools read, streamed row by row; <c>duplicates=drop</c>
/// leaves out records that repeat an earlier one (<see cref="RecordRow.DuplicateOf"/>). Everything that can be
/// refused (the id, the format, the style, the duplicates choice) is refused before the first byte.
/// </summary>
public sealed class ExportApi(UploadsApi uploads, RecordStore records, ICitationFormatter formatter, IOptions<PipelineOptions> options)
{
    public const string TextFormat = "text";

    /// <summary>The values <c>duplicates</c> takes: keep (the default) or drop.</summary>
    public static IReadOnlyList<string> DuplicatesChoices { get; } = ["keep", "drop"];

    public async Task<ApiResult> ExportAsync(string? uploadId, string? format, string? style, string? duplicates = null, CancellationToken cancellationToken = default)
    {
        var choice = duplicates ?? "keep";
        if (!DuplicatesChoices.Contains(choice, StringComparer.OrdinalIgnoreCase))
        {
            return ApiResult.Problem(400, "Invalid duplicates", $"duplicates must be one of {string.Join(", ", DuplicatesChoices)}.");
        }

        var drop = string.Equals(choice, "drop", StringComparison.OrdinalIgnoreCase);
        var formatName = format ?? "csl-json";
        var isText = string.Equals(formatName, TextFormat, StringComparison.OrdinalIgnoreCase);
        if (!isText && !ReferenceFormats.TryParse(formatName, out _))
        {
            return ApiResult.Problem(400, "Unknown format", $"format must be one of {string.Join(", ", ReferenceFormats.Names)}, {TextFormat}.");
        }

        if (await uploads.FindAsync(uploadId, cancellationToken).ConfigureAwait(false) is not { } upload)
        {
            return UploadsApi.NotFoundOrInvalid(uploadId);
        }

        var name = Path.GetFileNameWithoutExtension(upload.DisplayName);
        if (isText)
        {
            var styleName = style ?? options.Value.StyleList.FirstOrDefault() ?? "apa";
            // No ?style= means the configured one: the operator's choice.
            var origin = style is null ? StyleOrigin.Operator : StyleOrigin.Caller;
            if (await StyleChoice.ResolveAsync(formatter, styleName, origin, cancellationToken).ConfigureAwait(false) is not { } compiled)
            {
                return StyleChoice.Unknown(styleName, formatter);
            }

            return ApiResult.Stream("text/plain; charset=utf-8", (output, ct) => WriteTextAsync(upload.UploadId, styleName, compiled, drop, output, ct), $"{name}.{styleName}.txt");
        }

        ReferenceFormats.TryParse(formatName, out var referenceFormat);
        IReferenceWriter writer;
        try
        {
            writer = ReferenceFormats.CreateWriter(referenceFormat);
        }
        catch (NotSupportedException ex)
        {
            return ApiResult.Problem(400, "Format not available for export", ex.Message);
        }

        return ApiResult.Stream(
            ReferenceFormats.MediaType(referenceFormat) + "; charset=utf-8",
            async (output, ct) =>
            {
                var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
                await using (text.ConfigureAwait(false))
                {
                    await writer.WriteAsync(ReferencesAsync(upload.UploadId, drop, ct), text, ct).ConfigureAwait(false);
                }
            },
            $"{name}{ReferenceFormats.FileExtension(referenceFormat)}");
    }

    /// <summary>The merged record of every row (the source record where enrichment did not happen), in file order; without duplicates when <paramref name="dropDuplicates"/>.</summary>
    public async IAsyncEnumerable<Reference> ReferencesAsync(string uploadId, bool dropDuplicates = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in records.ForUploadAsync(uploadId, cancellationToken).ConfigureAwait(false))
        {
            if (row.CurrentJson is { } json && !(dropDuplicates && row.DuplicateOf is not null))
            {
                yield return CslJsonConvert.Deserialize(json);
            }
        }
    }

    private async Task WriteTextAsync(string uploadId, string style, CitationStyle compiled, bool dropDuplicates, Stream output, CancellationToken cancellationToken)
    {
        var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using (text.ConfigureAwait(false))
        {
            await foreach (var row in records.ForUploadAsync(uploadId, cancellationToken).ConfigureAwait(false))
            {
                if (dropDuplicates && row.DuplicateOf is not null)
                {
                    continue;
                }

                var citation = row.Citations.GetValueOrDefault(style)
                    ?? (row.CurrentJson is { } json ? compiled.FormatEntry(CslJsonConvert.Deserialize(json)) : null);
                if (citation is not null)
                {
                    await text.WriteLineAsync(citation.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
