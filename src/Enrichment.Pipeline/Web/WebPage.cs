using System.Collections.Frozen;
using System.Reflection;
using Enrichment.Pipeline.Api;

namespace Enrichment.Pipeline.Web;

/// <summary>
/// The page for people who do not use curl: plain HTML, CSS and JavaScript modules shipped inside this assembly
/// (no CDN, no build step), served at <c>/</c> by both hosts without a key. The page's own calls to <c>/api</c>
/// carry the key the user types in; the page holds none.
/// </summary>
public static class WebPage
{
    /// <summary>The route of the page and its files, one segment at the root (<c>/</c>, <c>/app.js</c>...).</summary>
    public const string Template = "{file?}";

    public const string IndexFile = "index.html";

    /// <summary>Everything the page may load comes from this host; no inline script or style, no frames.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "Enrichment.Pipeline.Web.Assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, ApiResult>> Files = new(Load);

    /// <summary>The names of the page's files, as the route takes them.</summary>
    public static IReadOnlyCollection<string> FileNames => Files.Value.Keys;

    /// <summary>The file the route names (the page itself for <c>/</c>), or a 404 problem.</summary>
    public static ApiResult Get(string? file) =>
        Files.Value.TryGetValue(string.IsNullOrEmpty(file) ? IndexFile : file, out var result) ? result : ApiResult.Problem(404);

    private static FrozenDictionary<string, ApiResult> Load()
    {
        var assembly = typeof(WebPage).Assembly;
        var files = new Dictionary<string, ApiResult>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                continue;
            }

            files[name] = new ApiResult(200, contentType, Read(assembly, resource))
                .WithHeader("Cache-Control", "no-cache")
                .WithHeader("X-Content-Type-Options", "nosniff")
                .WithHeader("Referrer-Policy", "no-referrer")
                .WithHeader("Content-Security-Policy", ContentSecurityPolicy);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
