using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// The browser client: the files the build puts in <see cref="ChatServerOptions.WebRoot"/> (Web/dist: index.html,
/// app.js, app.css), served at <c>/</c> on the public endpoint's listeners, compressed, revalidated on every load
/// (<c>Cache-Control: no-cache</c> with ETags) and with a content security policy that lets the page load only its
/// own files and call only its own origin. When the client was not built, <c>/</c> says how to build it.
/// </summary>
internal static class WebClientHosting
{
    // Images may come from anywhere (avatars are image URLs); everything else only from the page's origin.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' https: http: data:; connect-src 'self'; script-src 'self'; style-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>OrleansChat</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
        <h1>OrleansChat</h1>
        <p>The server is running, but its web client was not built, so there is no page to show here.</p>
        <p>The client is built with Node.js: install Node.js 18 or later (with <code>npm</code>), then build the server again
        (<code>dotnet build Silo</code>; the build runs <code>npm ci</code> and <code>npm run build</code> in <code>Web/</code>
        and copies <code>Web/dist</code> next to the server) and restart it.</p>
        <p>gRPC and gRPC-Web clients are served as usual.</p>
        </body>
        </html>
        """;

    /// <summary>Registers what serving the page needs (the page's files and response compression).</summary>
    public static IServiceCollection AddChatWebClient(this IServiceCollection services, ChatServerOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.WebRoot);
        services.AddSingleton(new WebClientFiles(Path.GetFullPath(options.WebRoot)));
        services.AddResponseCompression(compression =>
        {
            // Only the page's own static files go through this branch: nothing secret to leak (BREACH) over TLS.
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(brotli => brotli.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(gzip => gzip.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>
    /// Serves the page to GET and HEAD requests (gRPC and gRPC-Web calls are POSTs and pass by untouched). The files
    /// are read from disk as they are: a rebuilt client shows on the next load.
    /// </summary>
    public static WebApplication UseChatWebClient(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<WebClientFiles>().Root;
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebClientHosting)).LogWebClientNotBuilt(root);
            app.UseWhen(IsPageRoot, page => page.Run(WriteNotBuiltPageAsync));
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(files.Dispose);
        app.UseWhen(IsPageRequest, page =>
        {
            page.UseResponseCompression();
            page.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            page.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = static file => AddHeaders(file.Context.Response, file.File.Name),
            });
        });
        return app;
    }

    private static bool IsPageRequest(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    private static bool IsPageRoot(HttpContext context) =>
        IsPageRequest(context) && context.Request.Path is { Value: "/" or "/index.html" };

    private static void AddHeaders(HttpResponse response, string fileName)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (fileName.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }
    }

    private static Task WriteNotBuiltPageAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.WriteAsync(NotBuiltPage, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>Where the built page is.</summary>
    private sealed record WebClientFiles(string Root);
}
