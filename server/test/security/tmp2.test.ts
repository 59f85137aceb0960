import { it } from 'vitest';
import http from 'node:http';
import { buildPortal, startTestApp } from '../harness.js';
import { spellings } from './helpers.js';
it('repro', async () => {
  const t = await startTestApp();
  const A = await buildPortal(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as any).port;
  for (const s of spellings('/api/crm/deals/kanban')) {
    const r = await new Promise<string>((res) => { const q = http.request({ host: '127.0.0.1', port, path: s.url, headers: { 'x-portal': A.portal.name } }, (rs) => { let b=''; rs.on('data', d=>b+=d); rs.on('end', ()=>res(rs.statusCode+' '+b.slice(0,150))); }); q.on('error', (e)=>res('ERR '+e.message)); q.end(); });
    console.log(s.how, s.url, r);
  }
  await t.dispose();
});
