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
/// <c>GET /api/uploads/{id}/export?format=bibtex|ris|csl-json|doi-list|reference-list|text&amp;style=apa</c>: the upload's
/// enriched records in the format the user's tools read, streamed row by row. Everything that can be refused
/// (the id, the format, the style) is refused before the first byte.
/// </summary>
public sealed class ExportApi(UploadsApi uploads, RecordStore records, ICitationFormatter formatter, IOptions<PipelineOptions> options)
{
    public const string TextFormat = "text";

    public async Task<ApiResult> ExportAsync(string? uploadId, string? format, string? style, CancellationToken cancellationToken = default)
    {
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

            return ApiResult.Stream("text/plain; charset=utf-8", (output, ct) => WriteTextAsync(upload.UploadId, styleName, compiled, output, ct), $"{name}.{styleName}.txt");
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
                    await writer.WriteAsync(ReferencesAsync(upload.UploadId, ct), text, ct).ConfigureAwait(false);
                }
            },
            $"{name}{ReferenceFormats.FileExtension(referenceFormat)}");
    }

    /// <summary>The merged record of every row (the source record where enrichment did not happen), in file order.</summary>
    public async IAsyncEnumerable<Reference> ReferencesAsync(string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in records.ForUploadAsync(uploadId, cancellationToken).ConfigureAwait(false))
        {
            if (row.CurrentJson is { } json)
            {
                yield return CslJsonConvert.Deserialize(json);
            }
        }
    }

    private async Task WriteTextAsync(string uploadId, string style, CitationStyle compiled, Stream output, CancellationToken cancellationToken)
    {
        var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using (text.ConfigureAwait(false))
        {
            await foreach (var row in records.ForUploadAsync(uploadId, cancellationToken).ConfigureAwait(false))
            {
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
