using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Formats.ReferenceList;
using Enrichment.Core.Formats.Ris;

namespace Enrichment.Core.Tests.Formats.Detection;

public sealed class ReferenceFormatsTests
{
    [Theory]
    [InlineData("bibtex", ReferenceFormat.BibTex)]
    [InlineData("BibLaTeX", ReferenceFormat.BibTex)]
    [InlineData("ris", ReferenceFormat.Ris)]
    [InlineData("RIS", ReferenceFormat.Ris)]
    [InlineData("csl-json", ReferenceFormat.CslJson)]
    [InlineData(" json ", ReferenceFormat.CslJson)]
    [InlineData("doi-list", ReferenceFormat.DoiList)]
    [InlineData("reference-list", ReferenceFormat.ReferenceList)]
    [InlineData("References", ReferenceFormat.ReferenceList)]
    public void Parses_the_names_users_type(string name, ReferenceFormat format)
    {
        ReferenceFormats.Parse(name).ShouldBe(format);
    }

    [Fact]
    public void Parses_every_canonical_name_back_to_its_format()
    {
        foreach (var format in Enum.GetValues<ReferenceFormat>())
        {
            ReferenceFormats.Parse(ReferenceFormats.Name(format)).ShouldBe(format);
            ReferenceFormats.Names.ShouldContain(ReferenceFormats.Name(format));
        }
    }

    [Theory]
    [InlineData("auto", "FormatDetector")]
    [InlineData("endnote", "expected one of bibtex, ris, csl-json, doi-list")]
    public void Refuses_auto_and_unknown_names_with_a_message(string name, string message)
    {
        Should.Throw<FormatException>(() => ReferenceFormats.Parse(name)).Message.ShouldContain(message);
        ReferenceFormats.TryParse(name, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(ReferenceFormat.BibTex, typeof(BibTexReader))]
    [InlineData(ReferenceFormat.Ris, typeof(RisReader))]
    [InlineData(ReferenceFormat.CslJson, typeof(CslJsonReader))]
    [InlineData(ReferenceFormat.DoiList, typeof(DoiListReader))]
    [InlineData(ReferenceFormat.ReferenceList, typeof(ReferenceListReader))]
    public void Creates_the_reader_of_each_format(ReferenceFormat format, Type readerType)
    {
        ReferenceFormats.CreateReader(format).ShouldBeOfType(readerType);
    }

    [Theory]
    [InlineData(ReferenceFormat.Ris, typeof(RisWriter))]
    [InlineData(ReferenceFormat.CslJson, typeof(CslJsonWriter))]
    [InlineData(ReferenceFormat.DoiList, typeof(DoiListWriter))]
    [InlineData(ReferenceFormat.ReferenceList, typeof(ReferenceListWriter))]
    [InlineData(ReferenceFormat.BibTex, typeof(BibTexWriter))]
    public void Creates_the_writer_of_each_format(ReferenceFormat format, Type writerType)
    {
        ReferenceFormats.CreateWriter(format).ShouldBeOfType(writerType);
    }

    [Theory]
    [InlineData(ReferenceFormat.BibTex, ".bib", "application/x-bibtex")]
    [InlineData(ReferenceFormat.Ris, ".ris", "application/x-research-info-systems")]
    [InlineData(ReferenceFormat.CslJson, ".json", "application/vnd.citationstyles.csl+json")]
    [InlineData(ReferenceFormat.DoiList, ".txt", "text/plain")]
    [InlineData(ReferenceFormat.ReferenceList, ".txt", "text/plain")]
    public void Names_the_file_extension_and_media_type_of_an_export(ReferenceFormat format, string extension, string mediaType)
    {
        ReferenceFormats.FileExtension(format).ShouldBe(extension);
        ReferenceFormats.MediaType(format).ShouldBe(mediaType);
    }
}
