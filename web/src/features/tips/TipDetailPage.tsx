import { provinceByCode, TIP_CLOSED_STATUSES } from '@karpear/contracts';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { AssignDialog } from './AssignDialog';
import { ConvertDialog } from './ConvertDialog';
import { ReporterContact } from './ReporterContact';
import { StatusDialog } from './StatusDialog';
import { PriorityBadge, SlaBadge, StatusBadge, useNow } from './TipBadges';
import { TipFiles } from './TipFiles';
import { TipEntities, TipRelated } from './TipLinks';
import { TipMessages } from './TipMessages';
import { TipTimeline } from './TipTimeline';
import { TriageDialog } from './TriageDialog';
import { type TipDetail, useTip } from './tips.api';
import './styles';
import '@mantine/core/styles/SimpleGrid.css';

type Dialog = 'triage' | 'assign' | 'status' | 'convert' | null;

/** `/tips/$tipId`: one tip, what the user may do with it (per `abilities`), and its history. */
export default function TipDetailPage() {
  const { t } = useTranslation();
  const { tipId } = useParams({ strict: false }) as { tipId: string };
  const tip = useTip(tipId);
  useDocumentTitle(tip.data ? tip.data.reference : t('tips.detail.title'));
  return (
    <Stack gap="lg" maw={1200}>
      <AnchorLink to="/tips" size="sm">
        {t('tips.detail.back')}
      </AnchorLink>
      <LiveAlert message={tip.isError ? errorMessage(t, tip.error) : null} />
      {tip.isPending && <Text>{t('common.loading')}</Text>}
      {tip.data && <TipView tip={tip.data} />}
    </Stack>
  );
}

function TipView({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  const now = useNow();
  const [dialog, setDialog] = useState<Dialog>(null);
  const can = (action: string) => tip.abilities.includes(action);
  const open = !TIP_CLOSED_STATUSES.includes(tip.status);
  const close = () => setDialog(null);

  return (
    <>
      <Stack gap="xs">
        <Title order={1} lang="en">
          {tip.reference}
        </Title>
        <Group gap="xs">
          <StatusBadge status={tip.status} />
          <PriorityBadge priority={tip.priority} proposed={tip.proposedPriority} />
          <SlaBadge state={tip.slaState} dueAt={tip.slaDueAt} now={now} />
          {tip.imminentDanger && (
            <Badge color="red.9" variant="filled" tt="none">
              {t('tips.fields.imminentDanger')}
            </Badge>
          )}
        </Group>
      </Stack>
      {open && (
        <Group gap="sm" role="group" aria-label={t('common.actions')}>
          {can('tips.triage') && <Button onClick={() => setDialog('triage')}>{t('tips.triage.open')}</Button>}
          {can('tips.assign') && (
            <Button variant="default" onClick={() => setDialog('assign')}>
              {t('tips.assign.open')}
            </Button>
          )}
          {can('tips.convert') && (
            <Button variant="default" onClick={() => setDialog('convert')}>
              {t('tips.convert.open')}
            </Button>
          )}
          {can('tips.update_status') && (
            <Button variant="default" onClick={() => setDialog('status')}>
              {t('tips.statusChange.open')}
            </Button>
          )}
        </Group>
      )}
      {tip.caseId && (
        <Alert color="teal" variant="light">
          {t('tips.detail.converted')}
        </Alert>
      )}
      <TipFacts tip={tip} />
      {tip.hasReporterContact && (can('tips.read_reporter_contact') || tip.reporterContact !== null) && (
        <section aria-labelledby="tip-contact">
          <Title order={2} id="tip-contact" size="h3" mb="sm">
            {t('tips.contact.title')}
          </Title>
          <ReporterContact tipId={tip.id} preloaded={tip.reporterContact} />
        </section>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <TipEntities tip={tip} />
        <TipRelated tip={tip} />
      </SimpleGrid>
      <TipFiles tip={tip} canUnlock={can('tips.record_legal_authority')} />
      <TipMessages tip={tip} canSend={can('tips.message_reporter')} />
      <TipTimeline tip={tip} />
      {dialog === 'triage' && <TriageDialog tip={tip} onClose={close} />}
      {dialog === 'assign' && <AssignDialog tipId={tip.id} currentUnitId={tip.unitId} onClose={close} />}
      {dialog === 'status' && <StatusDialog tip={tip} onClose={close} />}
      {dialog === 'convert' && <ConvertDialog tip={tip} onClose={close} />}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function TipFacts({ tip }: { tip: TipDetail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const province = tip.province ? provinceByCode(tip.province) : undefined;
  const age =
    tip.childAgeMin !== null || tip.childAgeMax !== null
      ? t('tips.detail.ageRange', { min: tip.childAgeMin ?? '?', max: tip.childAgeMax ?? '?' })
      : t('tips.detail.unknown');
  const suspect = tip.suspect;
  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" component="dl" m={0}>
          <Fact label={t('tips.fields.source')}>{t(`tips.source.${tip.source}`)}</Fact>
          <Fact label={t('tips.fields.received')}>{formatDateTime(tip.receivedAt, language)}</Fact>
          <Fact label={t('tips.fields.province')}>
            {province ? (language === 'en' ? province.en : province.km) : t('tips.detail.unknown')}
          </Fact>
          <Fact label={t('tips.fields.place')}>{tip.place ?? t('tips.detail.unknown')}</Fact>
          <Fact label={t('tips.fields.occurredAt')}>{tip.occurredAt ?? t('tips.detail.unknown')}</Fact>
          <Fact label={t('tips.fields.childAge')}>{age}</Fact>
          {tip.externalRef && <Fact label={t('tips.fields.externalRef')}>{tip.externalRef}</Fact>}
        </SimpleGrid>
        <div>
          <Title order={2} size="h4" mb={4}>
            {t('tips.fields.narrative')}
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {tip.narrative}
          </Text>
        </div>
        {suspect && (
          <div>
            <Title order={2} size="h4" mb={4}>
              {t('tips.fields.suspect')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" component="dl" m={0}>
              {suspect.names.length > 0 && (
                <Fact label={t('tips.fields.suspectNames')}>{suspect.names.join(', ')}</Fact>
              )}
              {suspect.nationalities.length > 0 && (
                <Fact label={t('tips.fields.nationalities')}>{suspect.nationalities.join(', ')}</Fact>
              )}
              {suspect.languages.length > 0 && (
                <Fact label={t('tips.fields.languages')}>{suspect.languages.join(', ')}</Fact>
              )}
              {suspect.travelling !== undefined && (
                <Fact label={t('tips.fields.travelling')}>
                  {suspect.travelling ? t('tips.detail.yes') : t('tips.detail.no')}
                </Fact>
              )}
            </SimpleGrid>
            {suspect.description && (
              <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
                {suspect.description}
              </Text>
            )}
          </div>
        )}
      </Stack>
    </Card>
  );
}
