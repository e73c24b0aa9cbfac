import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway CA and a server certificate for 127.0.0.1 signed by it, made with the openssl CLI
 * (Debian's openssl package; .ci/run installs it where missing).
 */
export function makeTestCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'nt-certs-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=nodetally test CA',
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    path('hub.key'),
    '-out',
    path('hub.csr'),
  );
  const extFile = path('ext.cnf');
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > '${extFile}'`]);
  openssl(
    'x509',
    '-req',
    '-in',
    path('hub.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    extFile,
    '-out',
    path('hub.pem'),
  );
  return { ca: path('ca.pem'), cert: path('hub.pem'), key: path('hub.key') };
}
