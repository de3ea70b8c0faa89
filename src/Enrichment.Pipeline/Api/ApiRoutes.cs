using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Pipeline.Api;

/// <summary>
/// One route of the HTTP API: its method, its template under <c>/api</c> (the same syntax in the Functions
/// attribute and in ASP.NET Core routing), the query parameters it takes, and its handler.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, IReadOnlyList<string> Query, Func<IServiceProvider, ApiRequest, CancellationToken, Task<ApiResult>> Handler)
{
    /// <summary>Validates the query (unknown or repeated parameters are a 400 naming them) and runs the handler.</summary>
    public Task<ApiResult> HandleAsync(IServiceProvider services, ApiRequest request, CancellationToken cancellationToken = default) =>
        request.Validate(Query) is { } problem ? Task.FromResult(problem) : Handler(services, request, cancellationToken);
}

/// <summary>
/// The route table both hosts serve: <c>enrich serve</c> maps every entry; the Functions app declares one
/// function per entry (its attributes need constants, hence the templates below) and hands the request to it.
/// </summary>
public static class ApiRoutes
{
    public const string WorkTemplate = "works/{*doi}";
    public const string UploadsTemplate = "uploads";
    public const string UploadTemplate = "uploads/{id}";
    public const string UploadRecordsTemplate = "uploads/{id}/records";
    public const string UploadExportTemplate = "uploads/{id}/export";
    public const string RecordsTemplate = "records";

    public static ApiRoute GetWork { get; } = new("GetWork", "GET", WorkTemplate, ["style"], (services, request, cancellationToken) =>
        services.GetRequiredService<WorksApi>().GetAsync(request.Route("doi"), request.Text("style"), cancellationToken));

    public static ApiRoute CreateUpload { get; } = new("CreateUpload", "POST", UploadsTemplate, ["name"], (services, request, cancellationToken) =>
        services.GetRequiredService<UploadsApi>().CreateAsync(request.Text("name"), request.Body, cancellationToken));

    public static ApiRoute GetUpload { get; } = new("GetUpload", "GET", UploadTemplate, [], (services, request, cancellationToken) =>
        services.GetRequiredService<UploadsApi>().GetAsync(request.Route("id"), cancellationToken));

    public static ApiRoute ListUploadRecords { get; } = new(
        "ListUploadRecords", "GET", UploadRecordsTemplate, ["status", "doi", "year", "type", "title", "retracted", "top", "continuationToken"], (services, request, cancellationToken) =>
            WithListQuery(request, query => services.GetRequiredService<UploadsApi>().ListRecordsAsync(request.Route("id"), query, cancellationToken)));

    public static ApiRoute ExportUpload { get; } = new("ExportUpload", "GET", UploadExportTemplate, ["format", "style"], (services, request, cancellationToken) =>
        services.GetRequiredService<ExportApi>().ExportAsync(request.Route("id"), request.Text("format"), request.Text("style"), cancellationToken));

    public static ApiRoute FindRecords { get; } = new("FindRecords", "GET", RecordsTemplate, ["doi", "retracted", "top", "continuationToken"], (services, request, cancellationToken) =>
        WithListQuery(request, query => services.GetRequiredService<RecordsApi>().FindAsync(query, cancellationToken)));

    /// <summary>Runs <paramref name="handle"/> on the request's listing query, or answers the problem with it.</summary>
    private static Task<ApiResult> WithListQuery(ApiRequest request, Func<RecordListQuery, Task<ApiResult>> handle)
    {
        var (query, problem) = RecordListQuery.From(request);
        return query is null ? Task.FromResult(problem!) : handle(query);
    }

    public static IReadOnlyList<ApiRoute> All { get; } = [GetWork, CreateUpload, GetUpload, ListUploadRecords, ExportUpload, FindRecords];
}
