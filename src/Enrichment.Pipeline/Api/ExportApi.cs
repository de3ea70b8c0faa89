using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using System.Text;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Api;

/// <summary>
/// <c>GET /api/uploads/{id}/export?format=bibtex|ris|csl-json|doi-list|reference-list|text&amp;style=apa&amp;duplicates=keep|drop&amp;record=</c>:
/// the upload's enriched records (or the one record named) in the format the user's tools read, streamed row by
/// row; <c>duplicates=drop</c> leaves out records that repeat an earlier one (<see cref="RecordRow.DuplicateOf"/>).
/// Everything that can be refused (the ids, the format, the style, the duplicates choice) is refused before the first byte.
/// </summary>
public sealed class ExportApi(UploadsApi uploads, RecordStore records, ICitationFormatter formatter, BlobServiceClient blobs, IOptions<PipelineOptions> options)
{
    public const string TextFormat = "text";

    /// <summary>The values <c>duplicates</c> takes: keep (the default) or drop.</summary>
    public static IReadOnlyList<string> DuplicatesChoices { get; } = ["keep", "drop"];

    /// <summary>The values <c>mode</c> takes: records (the records written anew, the default) or update (the uploaded BibTeX file with insertions only).</summary>
    public static IReadOnlyList<string> Modes { get; } = ["records", "update"];

    /// <summary>The export of the whole upload, or of its one record <paramref name="recordId"/> when given.</summary>
    public async Task<ApiResult> ExportAsync(
        string? uploadId, string? format, string? style, string? duplicates = null, string? mode = null, string? recordId = null, CancellationToken cancellationToken = default)
    {
        var modeName = mode ?? "records";
        if (!Modes.Contains(modeName, StringComparer.OrdinalIgnoreCase))
        {
            return ApiResult.Problem(400, "Invalid mode", $"mode must be one of {string.Join(", ", Modes)}.");
        }

        if (string.Equals(modeName, "update", StringComparison.OrdinalIgnoreCase))
        {
            return await UpdateAsync(uploadId, format, cancellationToken).ConfigureAwait(false);
        }

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

        if (recordId is not null && !RecordIds.IsValid(recordId))
        {
            return ApiResult.Problem(400, "Invalid record id", $"'{ApiRequest.Shorten(recordId)}' is not a record id (eight digits, as the records listing gives them).");
        }

        if (recordId is not null && await records.GetAsync(upload.UploadId, recordId, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiResult.Problem(404, "No such record", $"Upload {upload.UploadId} has no record {recordId}.");
        }

        var name = Path.GetFileNameWithoutExtension(upload.DisplayName) + (recordId is null ? "" : "-" + recordId);
        var rows = (CancellationToken ct) => RowsAsync(upload.UploadId, recordId, drop, ct);
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

    /// <summary>
    /// <c>mode=update</c>: the uploaded BibTeX file itself, with the fields enrichment found and the entry lacked
    /// inserted in its own style (<see cref="BibTexUpdater"/>); every byte the user wrote stays. Only for a BibTeX
    /// upload in UTF-8 whose blob has not changed since it was read.
    /// </summary>
    private async Task<ApiResult> UpdateAsync(string? uploadId, string? format, CancellationToken cancellationToken)
    {
        if (!string.Equals(format, "bibtex", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResult.Problem(400, "Invalid mode", "mode=update writes the uploaded BibTeX file back: it takes format=bibtex.");
        }

        if (await uploads.FindAsync(uploadId, cancellationToken).ConfigureAwait(false) is not { } upload)
        {
            return UploadsApi.NotFoundOrInvalid(uploadId);
        }

        if (upload.Format != ReferenceFormats.Name(ReferenceFormat.BibTex) || upload.ETag is null)
        {
            return ApiResult.Problem(409, "Not a BibTeX upload", "mode=update needs an upload that was read as BibTeX.");
        }

        var blob = blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient(upload.BlobName);
        byte[] bytes;
        try
        {
            var properties = await blob.GetPropertiesAsync(new BlobRequestConditions { IfMatch = new ETag(upload.ETag) }, cancellationToken).ConfigureAwait(false);
            if (properties.Value.ContentLength > BibTexUpdater.MaxTextLength)
            {
                return ApiResult.Problem(413, "Too large to update", $"mode=update holds the file whole: at most {BibTexUpdater.MaxTextLength} bytes.");
            }

            var content = await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(upload.ETag) } }, cancellationToken).ConfigureAwait(false);
            bytes = content.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return ApiResult.Problem(409, "The file has changed", "The uploaded file is gone or has been replaced since this upload read it.");
        }

        var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        }
        catch (DecoderFallbackException)
        {
            return ApiResult.Problem(409, "Not UTF-8", "mode=update writes the file back byte for byte, which it does for UTF-8 files only.");
        }

        var found = new Dictionary<int, (Reference Theirs, Reference Ours)>();
        await foreach (var row in records.ForUploadAsync(upload.UploadId, cancellationToken).ConfigureAwait(false))
        {
            if (row.SourceJson is { } source && row.EnrichedJson is { } enriched)
            {
                found.TryAdd(row.Line, (CslJsonConvert.Deserialize(source), CslJsonConvert.Deserialize(enriched)));
            }
        }

        var update = BibTexUpdater.UpdateByLine(text, found);
        var name = Path.GetFileNameWithoutExtension(upload.DisplayName);
        return ApiResult.Stream(
            ReferenceFormats.MediaType(ReferenceFormat.BibTex) + "; charset=utf-8",
            async (output, ct) =>
            {
                if (bom)
                {
                    await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct).ConfigureAwait(false);
                }

                await output.WriteAsync(new UTF8Encoding(false).GetBytes(update.Text), ct).ConfigureAwait(false);
            },
            $"{name}.bib");
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

    /// <summary>The upload's rows in file order (without duplicates when <paramref name="dropDuplicates"/>), or its one row <paramref name="recordId"/>.</summary>
    private async IAsyncEnumerable<RecordRow> RowsAsync(string uploadId, string? recordId, bool dropDuplicates, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
            if (!(dropDuplicates && row.DuplicateOf is not null))
            {
                yield return row;
            }
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
