import { Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../ui/error-alert';
import { useAllServices, useSaveDoctor, useSaveService, useSaveSpecialty } from '../api/admin';
import { useBranches } from '../api/get-branches';
import type { Doctor } from '../api/get-doctors';
import type { Service } from '../api/get-services';
import { type Specialty, useSpecialties } from '../api/get-specialties';

/** Save and cancel, with what the server said when it refused. */
function FormEnd({ error, pending, disabled, onCancel }: { error: unknown; pending: boolean; disabled?: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {!!error && <ErrorAlert error={error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={pending} disabled={disabled}>
          {t('common.save')}
        </Button>
      </Group>
    </>
  );
}

function useSaved(onDone: () => void) {
  const { t } = useTranslation();
  return () => {
    notifications.show({ color: 'teal', message: t('manage.saved') });
    onDone();
  };
}

function Form({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="sm">{children}</Stack>
    </form>
  );
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

export function DoctorForm({ doctor, onDone }: { doctor: Doctor | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveDoctor();
  const saved = useSaved(onDone);
  const specialties = useSpecialties().data ?? [];
  const branches = useBranches().data ?? [];
  const services = useAllServices().data ?? [];
  const [fullName, setFullName] = useState(doctor?.fullName ?? '');
  const [specialtyIds, setSpecialtyIds] = useState(doctor?.specialtyIds ?? []);
  const [branchIds, setBranchIds] = useState(doctor?.branchIds ?? []);
  const [serviceIds, setServiceIds] = useState(doctor?.services.map((s) => s.serviceId) ?? []);
  const [qualification, setQualification] = useState(doctor?.qualification ?? '');
  const [since, setSince] = useState<number | string>(doctor?.practicingSince ?? '');
  const [education, setEducation] = useState(doctor?.education ?? '');
  const [license, setLicense] = useState(doctor?.licenseNumber ?? '');
  const [bio, setBio] = useState(doctor?.bio ?? '');
  const [photoUrl, setPhotoUrl] = useState(doctor?.photoUrl ?? '');
  const [active, setActive] = useState(doctor?.active ?? true);
  const offered = services.filter((s) => s.active && (specialtyIds.includes(s.specialtyId) || serviceIds.includes(s.id)));
  return (
    <Form
      onSubmit={() =>
        save.mutate(
          {
            ...(doctor ? { id: doctor.id, active } : {}),
            fullName: fullName.trim(),
            specialtyIds,
            branchIds,
            ...(serviceIds.length || doctor ? { serviceIds } : {}),
            qualification: optional(qualification),
            practicingSince: typeof since === 'number' ? since : undefined,
            education: optional(education),
            licenseNumber: optional(license),
            bio: optional(bio),
            photoUrl: optional(photoUrl),
          },
          { onSuccess: saved },
        )
      }
    >
      <TextInput label={t('catalogAdmin.fullName')} required value={fullName} onChange={(e) => setFullName(e.currentTarget.value)} data-autofocus />
      <SimpleGrid cols={2}>
        <MultiSelect
          label={t('catalogAdmin.specialties_')}
          required
          value={specialtyIds}
          onChange={setSpecialtyIds}
          data={specialties.filter((s) => s.active || specialtyIds.includes(s.id)).map((s) => ({ value: s.id, label: s.name }))}
        />
        <MultiSelect
          label={t('catalogAdmin.branches')}
          required
          value={branchIds}
          onChange={setBranchIds}
          data={branches.map((b) => ({ value: b.id, label: b.name }))}
        />
      </SimpleGrid>
      <MultiSelect
        label={t('catalogAdmin.servicesOfDoctor')}
        description={t('catalogAdmin.servicesHint')}
        value={serviceIds}
        onChange={setServiceIds}
        data={offered.map((s) => ({ value: s.id, label: s.name }))}
        searchable
      />
      <SimpleGrid cols={3}>
        <TextInput label={t('catalogAdmin.qualification')} value={qualification} onChange={(e) => setQualification(e.currentTarget.value)} />
        <NumberInput label={t('catalogAdmin.practicingSince')} min={1940} max={2100} value={since} onChange={setSince} />
        <TextInput label={t('catalogAdmin.license')} value={license} onChange={(e) => setLicense(e.currentTarget.value)} />
      </SimpleGrid>
      <Textarea label={t('catalogAdmin.education')} value={education} onChange={(e) => setEducation(e.currentTarget.value)} autosize minRows={2} />
      <Textarea label={t('catalogAdmin.bio')} value={bio} onChange={(e) => setBio(e.currentTarget.value)} autosize minRows={2} />
      <TextInput label={t('catalogAdmin.photoUrl')} value={photoUrl} onChange={(e) => setPhotoUrl(e.currentTarget.value)} placeholder="https://" />
      {doctor && <Switch label={t('manage.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />}
      <FormEnd error={save.error} pending={save.isPending} disabled={!fullName.trim() || !specialtyIds.length || !branchIds.length} onCancel={onDone} />
    </Form>
  );
}

export function ServiceForm({ service, onDone }: { service: Service | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveService();
  const saved = useSaved(onDone);
  const specialties = useSpecialties().data ?? [];
  const [name, setName] = useState(service?.name ?? '');
  const [specialtyId, setSpecialtyId] = useState<string | null>(service?.specialtyId ?? null);
  const [duration, setDuration] = useState<number | string>(service?.durationMin ?? 30);
  const [price, setPrice] = useState<number | string>(service?.price ?? '');
  const [currency, setCurrency] = useState(service?.currency ?? 'RUB');
  const [step, setStep] = useState<number | string>(service?.slotStepMin ?? '');
  const [description, setDescription] = useState(service?.description ?? '');
  const [active, setActive] = useState(service?.active ?? true);
  return (
    <Form
      onSubmit={() =>
        save.mutate(
          {
            ...(service
              ? { id: service.id, active, slotStepMin: typeof step === 'number' ? step : null, description: optional(description) ?? null }
              : {
                  ...(typeof step === 'number' ? { slotStepMin: step } : {}),
                  ...(optional(description) ? { description: optional(description) } : {}),
                }),
            name: name.trim(),
            specialtyId: specialtyId!,
            durationMin: Number(duration),
            price: Number(price),
            currency: currency.trim().toUpperCase(),
          },
          { onSuccess: saved },
        )
      }
    >
      <TextInput label={t('catalogAdmin.service')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
      <Select
        label={t('catalogAdmin.specialty')}
        required
        value={specialtyId}
        onChange={setSpecialtyId}
        data={specialties.map((s) => ({ value: s.id, label: s.name }))}
      />
      <SimpleGrid cols={3}>
        <NumberInput label={t('catalogAdmin.duration')} required min={5} max={720} value={duration} onChange={setDuration} />
        <NumberInput label={t('catalogAdmin.price')} required min={0} decimalScale={2} thousandSeparator=" " value={price} onChange={setPrice} />
        <TextInput label={t('catalogAdmin.currency')} required maxLength={3} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} />
      </SimpleGrid>
      <NumberInput label={t('catalogAdmin.slotStep')} description={t('catalogAdmin.slotStepHint')} min={5} max={240} value={step} onChange={setStep} />
      <Textarea label={t('catalogAdmin.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
      {service && <Switch label={t('manage.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />}
      <FormEnd error={save.error} pending={save.isPending} disabled={!name.trim() || !specialtyId || price === ''} onCancel={onDone} />
    </Form>
  );
}

export function SpecialtyForm({ specialty, onDone }: { specialty: Specialty | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveSpecialty();
  const saved = useSaved(onDone);
  const [name, setName] = useState(specialty?.name ?? '');
  const [active, setActive] = useState(specialty?.active ?? true);
  return (
    <Form onSubmit={() => save.mutate({ ...(specialty ? { id: specialty.id, active } : {}), name: name.trim() }, { onSuccess: saved })}>
      <TextInput label={t('catalogAdmin.specialty')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
      {specialty && <Switch label={t('manage.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />}
      <FormEnd error={save.error} pending={save.isPending} disabled={!name.trim()} onCancel={onDone} />
    </Form>
  );
}
