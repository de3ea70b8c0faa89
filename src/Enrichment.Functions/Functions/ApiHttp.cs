using System.Globalization;
using Enrichment.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Enrichment.Functions.Functions;

/// <summary>Turns a host-neutral <see cref="ApiResult"/> into the Functions app's HTTP answer.</summary>
internal static class ApiHttp
{
    public static IActionResult Write(HttpRequest request, ApiResult result)
    {
        foreach (var (name, value) in result.Headers)
        {
            request.HttpContext.Response.Headers[name] = value;
        }

        return new ContentResult { StatusCode = result.StatusCode, ContentType = result.ContentType, Content = result.Body };
    }

    public static RecordQuery RecordQueryFrom(IQueryCollection query) => new(
        query["status"].FirstOrDefault(),
        query["doi"].FirstOrDefault(),
        int.TryParse(query["year"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var year) ? year : null,
        query["type"].FirstOrDefault(),
        query["title"].FirstOrDefault(),
        int.TryParse(query["top"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var top) ? top : UploadsApi.DefaultPageSize,
        query["continuationToken"].FirstOrDefault());
}
