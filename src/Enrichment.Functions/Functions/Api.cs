using Enrichment.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>The HTTP API: each route hands its inputs to the Pipeline API class that <c>enrich serve</c> also uses.</summary>
public sealed class Api(WorksApi works, UploadsApi uploads)
{
    [Function("GetWork")]
    public async Task<IActionResult> GetWork(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "works/{*doi}")] HttpRequest request, string doi, CancellationToken cancellationToken) =>
        ApiHttp.Write(request, await works.GetAsync(doi, request.Query["style"], cancellationToken));

    [Function("CreateUpload")]
    public async Task<IActionResult> CreateUpload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "uploads")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiHttp.Write(request, await uploads.CreateAsync(request.Query["name"], request.Body, $"{request.Scheme}://{request.Host}", cancellationToken));

    [Function("GetUpload")]
    public async Task<IActionResult> GetUpload(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "uploads/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiHttp.Write(request, await uploads.GetAsync(id, cancellationToken));

    [Function("ListUploadRecords")]
    public async Task<IActionResult> ListUploadRecords(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "uploads/{id}/records")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiHttp.Write(request, await uploads.ListRecordsAsync(id, ApiHttp.RecordQueryFrom(request.Query), cancellationToken));
}
