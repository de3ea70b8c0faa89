using System.CommandLine;
using System.Text;
using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Formats.BibTex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.Cli.Commands;

/// <summary>
/// <c>enrich update FILE [-o OUT | --in-place]</c>: the user's BibTeX file with what Crossref adds, by insertion
/// only (<see cref="BibTexUpdater"/>); fields that disagree are kept and reported on stderr. Exit 0, 2 when
/// something was reported, 1 when the file cannot be read or Crossref is not configured.
/// </summary>
internal static class UpdateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The BibTeX file to update." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of stdout." };
        var inPlace = new Option<bool>("--in-place") { Description = "Write the update over FILE." };
        var command = new Command("update", "Add what Crossref knows to a BibTeX file, changing nothing it already has.") { file, output, inPlace };
        command.Validators.Add(result =>
        {
            if (result.GetValue(output) is not null && result.GetValue(inPlace))
            {
                result.AddError("Give -o OUT or --in-place, not both.");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var source = parseResult.GetValue(file)!;
            if (!source.Exists || source.Length > BibTexUpdater.MaxTextLength)
            {
                await Console.Error.WriteLineAsync($"enrich update: {(source.Exists ? $"{source.Name} is larger than {BibTexUpdater.MaxTextLength} bytes" : $"file not found: {source.FullName}")}").ConfigureAwait(false);
                return 1;
            }

            var bytes = await File.ReadAllBytesAsync(source.FullName, cancellationToken).ConfigureAwait(false);
            var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
            }
            catch (DecoderFallbackException)
            {
                await Console.Error.WriteLineAsync($"enrich update: {source.Name} is not UTF-8; update writes a file back byte for byte, so save it as UTF-8 first (enrich convert reads it as it is)").ConfigureAwait(false);
                return 1;
            }

            await using var provider = Services();
            ReferenceEnricher enricher;
            try
            {
                _ = provider.GetRequiredService<IOptions<CrossrefOptions>>().Value;
                enricher = provider.GetRequiredService<ReferenceEnricher>();
            }
            catch (OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync($"enrich update: {ex.Message} (set Crossref__Mailto to your e-mail address)").ConfigureAwait(false);
                return 1;
            }

            var update = await BibTexUpdater.UpdateAsync(text, enricher, cancellationToken).ConfigureAwait(false);
            var result = new UTF8Encoding(bom).GetPreamble().Concat(new UTF8Encoding(false).GetBytes(update.Text)).ToArray();
            if (parseResult.GetValue(inPlace))
            {
                var temporary = source.FullName + ".enrich-update";
                await File.WriteAllBytesAsync(temporary, result, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, source.FullName, overwrite: true);
            }
            else if (parseResult.GetValue(output) is { } path)
            {
                await File.WriteAllBytesAsync(path.FullName, result, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(result, cancellationToken).ConfigureAwait(false);
            }

            foreach (var disagreement in update.Disagreements)
            {
                await Console.Error.WriteLineAsync(
                    $"{disagreement.Key}\t{disagreement.Field}\ttheirs: {disagreement.Theirs}\tours: {disagreement.Ours}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"enrich update: {update.FieldsAdded} fields added, {update.Disagreements.Count} disagreements kept as written").ConfigureAwait(false);
            return update.Disagreements.Count == 0 ? 0 : 2;
        });
        return command;
    }

    private static ServiceProvider Services()
    {
        var configuration = CliConfiguration.Build();
        var services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddSingleton<IConfiguration>(configuration);
        services.AddCrossref(configuration);
        services.AddSingleton<ReferenceEnricher>();
        return services.BuildServiceProvider();
    }
}
