// A small Java service for the peers tier, run with the real Pyroscope Java agent (io.pyroscope:agent from Maven
// Central) as `java -javaagent:agent.jar Service.java`; the agent is configured by PYROSCOPE_* environment variables.
// It works until its stdin closes, then exits.
import java.security.MessageDigest;

public class Service {
    static volatile boolean stopping = false;

    // The CPU hot spot.
    static byte[] checksumRounds(int rounds) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] data = "perflens".getBytes();
        for (int i = 0; i < rounds; i++) data = sha.digest(data);
        return data;
    }

    public static void main(String[] args) throws Exception {
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) { }
            } catch (Exception ignored) { }
            stopping = true;
        });
        stdin.setDaemon(true);
        stdin.start();
        System.out.println("STARTED");
        long sink = 0;
        while (!stopping) sink += checksumRounds(5000)[0];
        System.out.println("STOPPED " + sink);
    }
}
