using System.Runtime.CompilerServices;
using System.Text;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Enrichment.Pipeline.Styles;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Api;

/// <summary>
/// <c>GET /api/uploads/{id}/export?format=bibtex|ris|csl-json|text&amp;style=apa</c>: the upload's enriched
/// records in the format the user's tools read, streamed row by row.
/// </summary>
public sealed class ExportApi(UploadStore uploads, RecordStore records, ICitationFormatter formatter, IOptions<PipelineOptions> options)
{
    public const string TextFormat = "text";

    public async Task<ApiResult> ExportAsync(string uploadId, string? format, string? style, CancellationToken cancellationToken = default)
    {
        if (!UploadIds.IsValid(uploadId))
        {
            return ApiResult.Problem(400, "Invalid upload id", $"'{uploadId}' is not an upload id.");
        }

        var upload = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            return ApiResult.Problem(404, "No such upload", $"No upload {uploadId}.");
        }

        var name = Path.GetFileNameWithoutExtension(upload.BlobName);
        if (string.Equals(format ?? "csl-json", TextFormat, StringComparison.OrdinalIgnoreCase))
        {
            var styleName = style ?? options.Value.StyleList.FirstOrDefault() ?? "apa";
            CitationStyle compiled;
            try
            {
                // Before the first byte: an unknown style is a 400, not a broken download. No ?style= means the configured one.
                compiled = await formatter.GetStyleAsync(styleName, style is null ? StyleOrigin.Operator : StyleOrigin.Caller, cancellationToken).ConfigureAwait(false);
            }
            catch (UnknownStyleException ex)
            {
                return UnknownStyleProblem.From(ex);
            }

            return ApiResult.Stream("text/plain; charset=utf-8", (output, ct) => WriteTextAsync(uploadId, styleName, compiled, output, ct), $"{name}.{styleName}.txt");
        }

        if (!ReferenceFormats.TryParse(format ?? "csl-json", out var referenceFormat))
        {
            return ApiResult.Problem(400, "Unknown format", $"format must be one of {string.Join(", ", ReferenceFormats.Names)}, {TextFormat}.");
        }

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
                    await writer.WriteAsync(ReferencesAsync(uploadId, ct), text, ct).ConfigureAwait(false);
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
                var citation = row.Citations.GetValueOrDefault(RecordStore.ColumnName(style))
                    ?? (row.CurrentJson is { } json ? compiled.FormatEntry(CslJsonConvert.Deserialize(json)) : null);
                if (citation is not null)
                {
                    await text.WriteLineAsync(citation.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
