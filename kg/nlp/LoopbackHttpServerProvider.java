package kg.corenlp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * CoreNLP's server binds every interface (new InetSocketAddress(port)) and has no option to change it.
 * Installed with -Dcom.sun.net.httpserver.HttpServerProvider=kg.corenlp.LoopbackHttpServerProvider, this
 * provider hands the JDK's own implementation the same port on the loopback address instead, so the
 * server (and its status port) is never reachable from another host.
 */
public final class LoopbackHttpServerProvider extends HttpServerProvider {
    private final HttpServerProvider jdk;

    public LoopbackHttpServerProvider() throws ReflectiveOperationException {
        jdk = (HttpServerProvider) Class.forName("sun.net.httpserver.DefaultHttpServerProvider")
                .getDeclaredConstructor().newInstance();
    }

    private static InetSocketAddress loopback(InetSocketAddress requested) {
        return requested == null ? null : new InetSocketAddress(InetAddress.getLoopbackAddress(), requested.getPort());
    }

    @Override
    public HttpServer createHttpServer(InetSocketAddress address, int backlog) throws IOException {
        return jdk.createHttpServer(loopback(address), backlog);
    }

    @Override
    public HttpsServer createHttpsServer(InetSocketAddress address, int backlog) throws IOException {
        return jdk.createHttpsServer(loopback(address), backlog);
    }
}
