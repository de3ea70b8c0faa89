using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Crossref;

/// <summary>The Crossref REST API over Flurl.Http: one client for the one target.</summary>
public sealed class CrossrefClient : ICrossrefClient
{
    private readonly IFlurlClient _client;
    private readonly CrossrefOptions _options;

    public CrossrefClient(IFlurlClientCache clients, IOptions<CrossrefOptions> options)
    {
        _options = options.Value;
        _client = clients.GetOrAdd(nameof(CrossrefClient), _options.BaseUrl, builder => builder
            .WithHeader("User-Agent", $"{_options.UserAgentProduct}; mailto:{_options.Mailto})")
            .WithTimeout(_options.Timeout)
            .AllowHttpStatus(404));
    }

    public async Task<CrossrefWorkResult> GetWorkAsync(Doi.Doi doi, CancellationToken cancellationToken = default)
    {
        IFlurlResponse response;
        try
        {
            response = await _client
                .Request("works")
                .AppendPathSegment(doi.EscapeForPath(), fullyEncode: false)
                .SetQueryParam("mailto", _options.Mailto)
                .GetAsync(cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (FlurlHttpTimeoutException ex)
        {
            throw new CrossrefUnavailableException($"Crossref timed out for {doi}", null, ex);
        }
        catch (FlurlHttpException ex) when (ex.StatusCode is null or 429 or >= 500)
        {
            var retryAfter = ex.Call?.Response?.ResponseMessage.Headers.RetryAfter?.Delta;
            throw new CrossrefUnavailableException(
                ex.StatusCode is null
                    ? $"Crossref unreachable for {doi}: {ex.InnerException?.Message ?? ex.Message}"
                    : $"Crossref answered {ex.StatusCode} for {doi}",
                retryAfter,
                ex);
        }

        using (response)
        {
            if (response.StatusCode == 404)
            {
                return CrossrefWorkResult.NotFound(doi);
            }

            var body = await response.GetStringAsync().ConfigureAwait(false);
            return new CrossrefWorkResult { Doi = doi, MessageJson = ExtractMessage(body, doi) };
        }
    }

    internal static string ExtractMessage(string body, Doi.Doi doi)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.Object)
            {
                return message.GetRawText();
            }
        }
        catch (JsonException ex)
        {
            throw new CrossrefResponseException($"Crossref returned unreadable JSON for {doi}: {ex.Message}", ex);
        }

        throw new CrossrefResponseException($"Crossref returned no work object for {doi}");
    }
}
