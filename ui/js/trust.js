// Issue 14: "Betrodda utfärdare" in the register view (the CA certificates and
// CRLs digital signatures are checked against, and the rule for applications
// without one), and the detail view's "Elektronisk signatur" block. All data goes
// into the page as text nodes.

import { invoke } from './ipc.js';
import { h, clear, shortDateTime } from './dom.js';
import { organisationOf, readableName } from './names.js';

const $ = (id) => document.getElementById(id);

/** "2031-01-01T00:00:00Z" → "2031-01-01". */
function day(rfc3339) {
  return String(rfc3339 || '').slice(0, 10);
}

/** A fingerprint in groups of four, so a person can compare it with the issuer's. */
function fingerprint(hex) {
  return String(hex || '').toUpperCase().match(/.{1,4}/g)?.join(' ') || '';
}

/** The issuer's organisation under its name, when the name alone does not say it. */
function issuerDetail(issuer) {
  const organisation = organisationOf(issuer.subject_dn);
  return organisation && organisation !== issuer.subject
    ? h('div', { class: 'hint' }, organisation) : null;
}

export class TrustPanel {
  constructor(onChange) {
    this.onChange = onChange;
    $('trust-add-issuer').addEventListener('click', () => this.add('register_trust_add_issuer', 'Utfärdaren har lagts till.'));
    $('trust-add-crl').addEventListener('click', () => this.add('register_trust_add_crl', 'Spärrlistan har lagts till.'));
    for (const radio of document.querySelectorAll('input[name="trust-policy"]')) {
      radio.addEventListener('change', () => this.setPolicy(radio.value));
    }
  }

  async refresh() {
    try {
      this.render(await invoke('register_trust'));
    } catch (err) {
      this.status(err.message, 'error');
    }
  }

  status(text, state) {
    const el = $('trust-status');
    el.textContent = text;
    el.dataset.state = state;
  }

  async change(command, args, done) {
    try {
      const settings = await invoke(command, args);
      if (!settings) return; // cancelled in the dialog
      this.render(settings);
      this.status(done, 'done');
      await this.onChange();
    } catch (err) {
      this.status(err.message, 'error');
    }
  }

  add(command, done) {
    return this.change(command, {}, done);
  }

  setPolicy(policy) {
    return this.change('register_trust_set_policy', { policy },
      policy === 'refuse'
        ? 'Ansökningar utan elektronisk signatur avvisas från och med nu.'
        : 'Ansökningar utan elektronisk signatur importeras, märkta "Inte elektroniskt signerad".');
  }

  render(settings) {
    const issuers = $('trust-issuer-rows');
    clear(issuers);
    if (!settings.issuers.length) {
      issuers.append(h('tr', {}, h('td', { colspan: '4', class: 'empty' },
        'Inga betrodda utfärdare. Elektroniskt signerade ansökningar avvisas tills du lägger till utfärdaren av chefernas certifikat.')));
    }
    for (const i of settings.issuers) {
      issuers.append(h('tr', {},
        h('td', {}, i.subject, issuerDetail(i)),
        h('td', { class: 'date' }, day(i.not_after)),
        h('td', {}, h('code', { class: 'fingerprint' }, fingerprint(i.sha256))),
        h('td', {}, h('button', {
          type: 'button', class: 'button button-small button-small-danger',
          'aria-label': `Ta bort utfärdaren ${i.subject}`,
          onclick: () => this.change('register_trust_remove_issuer', { sha256: i.sha256 },
            `${i.subject} är inte längre betrodd.`),
        }, 'Ta bort'))));
    }
    const crls = $('trust-crl-rows');
    clear(crls);
    if (!settings.crls.length) {
      crls.append(h('tr', {}, h('td', { colspan: '4', class: 'empty' }, 'Inga spärrlistor.')));
    }
    for (const c of settings.crls) {
      crls.append(h('tr', {},
        h('td', {}, readableName(c.issuer_dn)),
        h('td', { class: 'date' }, c.next_update ? day(c.next_update) : '–'),
        h('td', { class: 'num' }, String(c.revoked)),
        h('td', {}, h('button', {
          type: 'button', class: 'button button-small button-small-danger',
          'aria-label': `Ta bort spärrlistan från ${readableName(c.issuer_dn)}`,
          onclick: () => this.change('register_trust_remove_crl', { sha256: c.sha256 }, 'Spärrlistan är borttagen.'),
        }, 'Ta bort'))));
    }
    const radio = $(`trust-policy-${settings.unsigned_policy}`);
    if (radio) radio.checked = true;
  }
}

/** The detail view's block: who signed digitally and what the import verified. */
export function signatureBlock(version) {
  const s = version.digital_signature;
  if (!s) {
    return h('div', { class: 'verify verify-none', id: 'detail-signature' },
      h('h2', {}, 'Inte elektroniskt signerad'),
      h('p', {}, 'Ansökan har ingen elektronisk signatur. Godkännandet är den ritade, skrivna eller pappersunderskriften och kan inte bevisas med ett certifikat.'));
  }
  const dl = h('dl', { class: 'fields signature-fields' });
  const add = (term, value) => dl.append(h('dt', {}, term), h('dd', {}, value));
  add('Signerad av', s.signer_name);
  add('Certifikatets innehavare', readableName(s.subject_dn));
  add('Utfärdare', readableName(s.issuer_dn));
  add('Serienummer', h('code', {}, s.serial));
  add('Fingeravtryck (SHA-256)', h('code', { class: 'fingerprint' }, fingerprint(s.sha256)));
  add('Signeringstid (signerarens klocka)', shortDateTime(s.signing_time));
  add('Resultat vid importen', s.outcome_label);
  const block = h('div', { class: `verify ${s.warnings.length ? 'verify-warn' : 'verify-ok'}`, id: 'detail-signature' },
    h('h2', {}, `Elektroniskt signerad av ${s.signer_name}`),
    h('p', {}, 'Signaturen kontrollerades vid importen: den är giltig, täcker hela filen och certifikatet är utfärdat av en betrodd utfärdare.'));
  if (s.warnings.length) {
    block.append(h('ul', { class: 'signature-warnings' }, ...s.warnings.map((w) => h('li', {}, `Varning: ${w.message}`))));
  }
  block.append(dl);
  return block;
}
