using System.CommandLine;
using Enrichment.Cli.Commands;

var root = new RootCommand("enrich: parse, enrich and format bibliographic references")
{
    ServeCommand.Create(),
    ParseCommand.Create(),
    LookupCommand.Create(),
    UploadCommand.Create(),
    RecordsCommand.Create(),
    ExportCommand.Create(),
    FormatCommand.Create(),
    ConvertCommand.Create(),
    UpdateCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
