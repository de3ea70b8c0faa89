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
/// <c>GET /api/uploads/{id}/export?format=bibtex|ris|csl-json|doi-list|text&amp;style=apa&amp;record=</c>: the
/// upload's enriched records (or the one record named) in the format the user's tools read, streamed row by row.
/// Everything that can be refused (the ids, the format, the style) is refused before the first byte.
/// </summary>
public sealed class ExportApi(UploadsApi uploads, RecordStore records, ICitationFormatter formatter, IOptions<PipelineOptions> options)
{
    public const string TextFormat = "text";

    public async Task<ApiResult> ExportAsync(string? uploadId, string? format, string? style, CancellationToken cancellationToken = default) =>
        await ExportAsync(uploadId, format, style, null, cancellationToken).ConfigureAwait(false);

    /// <summary>The export of the whole upload, or of its one record <paramref name="recordId"/> when given.</summary>
    public async Task<ApiResult> ExportAsync(string? uploadId, string? format, string? style, string? recordId, CancellationToken cancellationToken = default)
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

        if (recordId is not null && !RecordIds.IsValid(recordId))
        {
            return ApiResult.Problem(400, "Invalid record id", $"'{ApiRequest.Shorten(recordId)}' is not a record id (eight digits, as the records listing gives them).");
        }

        if (recordId is not null && await records.GetAsync(upload.UploadId, recordId, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiResult.Problem(404, "No such record", $"Upload {upload.UploadId} has no record {recordId}.");
        }

        var name = Path.GetFileNameWithoutExtension(upload.DisplayName) + (recordId is null ? "" : "-" + recordId);
        var rows = (CancellationToken ct) => RowsAsync(upload.UploadId, recordId, ct);
        if (isText)
        {
            var styleName = style ?? options.Value.StyleList.FirstOrDefault() ?? "apa";
            // No ?style= means the configured one: the operator's choice.
            var origin = style is null ? StyleOrigin.Operator : StyleOrigin.Caller;
            if (await StyleChoice.ResolveAsync(formatter, styleName, origin, cancellationToken).ConfigureAwait(false) is not { } compiled)
            {
                return StyleChoice.Unknown(styleName, formatter);
            }

            return ApiResult.Stream("text/plain; charset=utf-8", (output, ct) => WriteTextAsync(rows(ct), styleName, compiled, output, ct), $"{name}.{styleName}.txt");
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
                    await writer.WriteAsync(ReferencesAsync(rows(ct), ct), text, ct).ConfigureAwait(false);
                }
            },
            $"{name}{ReferenceFormats.FileExtension(referenceFormat)}");
    }

    /// <summary>The merged record of every row (the source record where enrichment did not happen), in file order.</summary>
    private static async IAsyncEnumerable<Reference> ReferencesAsync(IAsyncEnumerable<RecordRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (row.CurrentJson is { } json)
            {
                yield return CslJsonConvert.Deserialize(json);
            }
        }
    }

    /// <summary>The upload's rows in file order, or its one row <paramref name="recordId"/>.</summary>
    private async IAsyncEnumerable<RecordRow> RowsAsync(string uploadId, string? recordId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (recordId is not null)
        {
            if (await records.GetAsync(uploadId, recordId, cancellationToken).ConfigureAwait(false) is { } row)
            {
                yield return row;
            }

            yield break;
        }

        await foreach (var row in records.ForUploadAsync(uploadId, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    private static async Task WriteTextAsync(IAsyncEnumerable<RecordRow> rows, string style, CitationStyle compiled, Stream output, CancellationToken cancellationToken)
    {
        var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using (text.ConfigureAwait(false))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
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
