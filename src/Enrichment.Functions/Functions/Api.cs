using Enrichment.Pipeline.Api;
using Enrichment.Pipeline.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>
/// The HTTP API: one function per entry of <see cref="ApiRoutes"/> (the Functions host needs the attributes),
/// each handing the request to that entry, which <c>enrich serve</c> maps too. host.json empties the host's
/// route prefix so that the page (<see cref="WebPage"/>) can be at <c>/</c>; the routes carry <c>api/</c> themselves.
/// </summary>
public sealed class Api(IServiceProvider services)
{
    [Function("GetWork")]
    public Task<IActionResult> GetWork(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Prefix + ApiRoutes.WorkTemplate)] HttpRequest request, string doi, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.GetWork, request, new() { ["doi"] = doi }, cancellationToken);

    [Function("CreateUpload")]
    public Task<IActionResult> CreateUpload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Prefix + ApiRoutes.UploadsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.CreateUpload, request, [], cancellationToken);

    [Function("GetUpload")]
    public Task<IActionResult> GetUpload(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Prefix + ApiRoutes.UploadTemplate)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.GetUpload, request, new() { ["id"] = id }, cancellationToken);

    [Function("ListUploadRecords")]
    public Task<IActionResult> ListUploadRecords(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Prefix + ApiRoutes.UploadRecordsTemplate)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.ListUploadRecords, request, new() { ["id"] = id }, cancellationToken);

    [Function("FindRecords")]
    public Task<IActionResult> FindRecords(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Prefix + ApiRoutes.RecordsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.FindRecords, request, [], cancellationToken);

    [Function("ExportUpload")]
    public Task<IActionResult> ExportUpload(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Prefix + ApiRoutes.UploadExportTemplate)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.ExportUpload, request, new() { ["id"] = id }, cancellationToken);

    [Function("ListStyles")]
    public Task<IActionResult> ListStyles(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Prefix + ApiRoutes.StylesTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        ApiHttp.HandleAsync(services, ApiRoutes.ListStyles, request, [], cancellationToken);

    /// <summary>The page and its files, anonymous: it holds no key, and its calls to the API carry the one the user types in.</summary>
    [Function("WebPage")]
    public static IActionResult Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WebPage.Template)] HttpRequest request, string? file) =>
        ApiHttp.Write(WebPage.Get(file));
}
