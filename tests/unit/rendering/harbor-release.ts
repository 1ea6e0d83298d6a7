/**
 * Hand-made `ReleaseContent` versions of the Harbor Legal Aid fixtures
 * (tests/fixtures/releases/harbor-legal-aid-detention-report-embargoed*.txt), built here
 * rather than imported so these tests do not depend on the release importer.
 */
import type { Embargo, ReleaseContent } from '../../../src/releases/release.js';
import type { RenderOptions } from '../../../src/rendering/render-release.js';

export const harborEmbargo: Embargo = { until: '2026-03-10T07:01:00.000Z', zone: 'America/Los_Angeles' };

export const harborOrganization: RenderOptions['organization'] = {
  name: 'Harbor Legal Aid',
  postalAddress: '1450 Harbor Drive, Suite 300\nSan Diego, CA 92101',
  websiteUrl: 'https://harborlegalaid.example.org',
};

export const harborRelease: ReleaseContent = {
  kind: 'press_release',
  language: 'en',
  headline: 'New Report Finds Detained Asylum Seekers in Southern California Wait Months Without Counsel',
  subheadline:
    'Harbor Legal Aid analysis of 4,812 court records shows represented asylum seekers were five times more likely to win protection',
  releaseDate: '2026-03-10',
  dateline: 'SAN DIEGO',
  body: `SAN DIEGO — March 10, 2026 — A report released today by Harbor Legal Aid finds that asylum seekers held in three Southern California detention centers waited a median of 97 days before meeting a lawyer, and that 71 percent never obtained representation at all.

The analysis, which reviewed 4,812 immigration court records from January 2024 through December 2025, found that people who had a lawyer were five times more likely to be granted protection than those who faced the court alone.

> “No one should have to argue for their life in a language they don't speak, against a trained government attorney, without a lawyer of their own,” said Rosa Delgado, executive director of Harbor Legal Aid. “These numbers show that representation is the difference between safety and deportation.”

Key findings include:

- A median wait of 97 days between detention and a first meeting with counsel
- 71 percent of detained asylum seekers appeared without a lawyer
- Represented asylum seekers won protection in 38 percent of cases, compared with 7 percent for those without counsel

The full report is available at https://harborlegalaid.example.org/reports/detention-2026 after the embargo lifts.

Harbor Legal Aid will hold a virtual press briefing on March 10, 2026 at 10:00 a.m. PT. Reporters may register at https://harborlegalaid.example.org/briefing.`,
  quotes: [
    {
      text: "No one should have to argue for their life in a language they don't speak, against a trained government attorney, without a lawyer of their own.",
      speaker: 'Rosa Delgado',
      title: 'Executive Director, Harbor Legal Aid',
    },
  ],
  contacts: [
    {
      name: 'Dana Whitfield',
      title: 'Communications Director',
      organization: 'Harbor Legal Aid',
      email: 'press@harborlegalaid.example.org',
      phone: '(555) 010-2231',
    },
  ],
  boilerplate: {
    heading: 'About Harbor Legal Aid',
    text: 'Harbor Legal Aid is a nonprofit law office that provides free immigration legal services to low-income families in San Diego and Imperial counties. Since 2009 it has represented more than 12,000 people in immigration court.',
  },
  links: [],
};

export const harborReleaseEs: ReleaseContent = {
  kind: 'press_release',
  language: 'es',
  headline: 'Nuevo informe: solicitantes de asilo detenidos en el sur de California esperan meses sin abogado',
  subheadline:
    'Análisis de Harbor Legal Aid de 4.812 expedientes judiciales muestra que quienes tenían representación tuvieron cinco veces más probabilidades de obtener protección',
  releaseDate: '2026-03-10',
  dateline: 'SAN DIEGO',
  body: `SAN DIEGO — 10 de marzo de 2026 — Un informe publicado hoy por Harbor Legal Aid revela que los solicitantes de asilo recluidos en tres centros de detención del sur de California esperaron una mediana de 97 días antes de reunirse con un abogado, y que el 71 por ciento nunca obtuvo representación.

El análisis, que revisó 4.812 expedientes de la corte de inmigración entre enero de 2024 y diciembre de 2025, encontró que las personas con abogado tuvieron cinco veces más probabilidades de recibir protección que quienes enfrentaron la corte solas.

> "Nadie debería tener que defender su vida en un idioma que no habla, frente a un abogado del gobierno, sin un abogado propio", dijo Rosa Delgado, directora ejecutiva de Harbor Legal Aid. "Estas cifras muestran que la representación es la diferencia entre la seguridad y la deportación".

El informe completo estará disponible en https://harborlegalaid.example.org/reports/detention-2026 cuando se levante el embargo.`,
  quotes: [],
  contacts: [
    {
      name: 'Dana Whitfield',
      title: 'Directora de Comunicaciones',
      email: 'press@harborlegalaid.example.org',
      phone: '(555) 010-2231',
    },
  ],
  boilerplate: {
    heading: 'Acerca de Harbor Legal Aid',
    text: 'Harbor Legal Aid es una oficina legal sin fines de lucro que ofrece servicios legales de inmigración gratuitos a familias de bajos ingresos en los condados de San Diego e Imperial.',
  },
  links: [],
};

/** The English release with what the fixture lacks: a quote not in the body, and links. */
export const harborReleaseWithExtras: ReleaseContent = {
  ...harborRelease,
  quotes: [...harborRelease.quotes, { text: 'Every family deserves a lawyer.', speaker: 'Marcus Lee', title: 'Board Chair' }],
  links: [{ label: 'Full report', url: 'https://harborlegalaid.example.org/r.pdf' }],
};
