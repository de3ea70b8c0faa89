using System.Text;

namespace Enrichment.Core.Tests.Fuzz;

/// <summary>
/// The files the fuzzer mutates: one small file per format, written here (no corpus needed), each touching the
/// parts of its reader that turn input into trees and buffers: braces, LaTeX commands, macros, continuation
/// lines, nested JSON, rich-text markup, quoted CSV cells.
/// </summary>
internal static class FuzzSeeds
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> All { get; } =
    [
        ("refs.bib", Encoding.UTF8.GetBytes("""
            @string{jcp = "Journal of Chemical Physics"}
            @comment{ignored {nested} text}
            @preamble{"\newcommand{\noop}[1]{}"}
            @article{khalili2016,
              author = {Khalili, Ali and M{\"u}ller, J{\"o}rg and {van der Berg}, Jan and others},
              title = {Fast {DNA} {\emph{Sequencing}} with \textbf{Bold} and $\alpha$--$\beta$ in {\'E}cole},
              journal = jcp # " (Letters)",
              year = 2016, month = mar,
              volume = {12}, number = {3}, pages = {97--111},
              doi = {10.1000/xyz123},
              note = {See \url{https://doi.org/10.1000/abc} and \t{oo} \c{c} \v{s} \ss{} \o~\AA},
            }
            @book(anon,
              title = "A {\sc Book} of \textsuperscript{2} things",
              editor = "Doe, J.",
              date = {2001-05/2002-06},
            )
            @misc{k, title={\t\text{}}}
            @inproceedings{last, author = {Last, First}, title = {{\bf Nested {\it braces {\em deeper}}}}, booktitle = {Proc.}, year = {1999}}

            """)),
        ("refs.ris", Encoding.UTF8.GetBytes("""
            TY  - JOUR
            ID  - smith2016
            AU  - Smith, John
            AU  - Doe, Jane A.
            TI  - A title with <i>markup</i> and a
                  continuation line
            AB  - First line of the abstract.
            Second line of the abstract.
            JO  - Journal of Things
            PY  - 2016/03/01/
            VL  - 12
            IS  - 3
            SP  - 97
            EP  - 111
            DO  - 10.1000/xyz123
            KW  - one
            KW  - two
            ER  - 
            TY  - BOOK
            AU  - Author, Only
            T1  - A book
            PB  - Publisher
            Y1  - 2001
            ER  - 

            """)),
        ("refs.json", Encoding.UTF8.GetBytes("""
            [
              {"id": "a1", "type": "article-journal", "title": "On <i>Drosophila</i> and <span class=\"nocase\">DNA</span> <sup>2</sup>",
               "author": [{"family": "Khalili", "given": "Ali", "affiliation": [{"name": "Uni"}]}, {"literal": "The Consortium"}],
               "issued": {"date-parts": [[2016, 3, 1]]}, "container-title": "Journal", "page": "97-111", "DOI": "10.1000/xyz123",
               "custom": {"note": "kept", "nested": {"a": [1, 2, {"b": null}]}}},
              {"id": 2, "type": "book", "title": "A <b>bold</b> \"quoted\" title", "editor": [{"family": "Doe", "given": "J."}],
               "issued": {"raw": "2001"}, "volume": 3, "extra": [1, 2, 3]},
              {"id": "c3", "type": "chapter", "title": "Dates", "issued": {"date-parts": [[2001], [2002, 6]], "circa": 1, "season": 2}}
            ]

            """)),
        ("dois.txt", Encoding.UTF8.GetBytes("""
            # a list of DOIs
            10.1000/xyz123
            https://doi.org/10.1000/ABC%2F456
            doi:10.5555/12345678
            Smith 2016 https://dx.doi.org/10.1000/in-a-sentence
            not a doi

            """)),
        ("dois.csv", Encoding.UTF8.GetBytes("""
            title,DOI,year
            "A title, with a comma",10.1000/xyz123,2016
            "A ""quoted"" title
            over two lines",https://doi.org/10.1000/abc,2017
            no doi here,,2018

            """)),
    ];
}
