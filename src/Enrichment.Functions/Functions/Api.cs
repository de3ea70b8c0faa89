using Enrichment.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>
/// The HTTP API: one function per entry of <see cref="ApiRoutes"/> (the Functions host needs the attributes),
/// each handing the request to that entry, which <c>enrich serve</c> maps too.
/// </summary>
public sealed class Api(IServiceProvider services)
{
    [Function("GetWork")]
    public Task<IActionResult> GetWork(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.WorkTemplate)] HttpRequest request, string doi, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.GetWork, request, new() { ["doi"] = doi }, cancellationToken);

    [Function("CreateUpload")]
    public Task<IActionResult> CreateUpload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.UploadsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.CreateUpload, request, [], cancellationToken);

    [Function("GetUpload")]
    public Task<IActionResult> GetUpload(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.UploadTemplate)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.GetUpload, request, new() { ["id"] = id }, cancellationToken);

    [Function("ListUploadRecords")]
    public Task<IActionResult> ListUploadRecords(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.UploadRecordsTemplate)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.ListUploadRecords, request, new() { ["id"] = id }, cancellationToken);

    [Function("FindRecords")]
    public Task<IActionResult> FindRecords(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RecordsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.FindRecords, request, [], cancellationToken);

    [Function("ExportUpload")]
    public Task<IActionResult> ExportUpload(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.UploadExportTemplate)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.ExportUpload, request, new() { ["id"] = id }, cancellationToken);
}
