import { Avatar, Group, HoverCard, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Doctor } from '../api/get-doctors';
import { useSpecialties } from '../api/get-specialties';

/** A doctor's name; hovering or focusing it shows the profile patients choose by (specialties, experience, education, license). */
export function DoctorName({ doctor, size = 'sm', fw = 600 }: { doctor: Doctor; size?: string; fw?: number }) {
  const { t } = useTranslation();
  const specialties = useSpecialties().data;
  const names = doctor.specialtyIds
    .map((id) => specialties?.find((s) => s.id === id)?.name)
    .filter(Boolean)
    .join(', ');
  return (
    <HoverCard width={320} shadow="md" openDelay={250} withinPortal position="bottom-start">
      <HoverCard.Target>
        <UnstyledButton aria-label={doctor.fullName} style={{ textAlign: 'left' }}>
          <Text size={size} fw={fw} lineClamp={2}>
            {doctor.fullName}
          </Text>
        </UnstyledButton>
      </HoverCard.Target>
      <HoverCard.Dropdown>
        <Group align="flex-start" wrap="nowrap">
          <Avatar src={doctor.photoUrl} alt="" radius="xl" size="lg" color="teal">
            {initials(doctor.fullName)}
          </Avatar>
          <Stack gap={4}>
            <Text fw={600}>{doctor.fullName}</Text>
            {names && (
              <Text size="sm" c="dimmed">
                {names}
              </Text>
            )}
            {doctor.qualification && (
              <Text size="sm">
                {t('booking.doctorProfile.qualification')}: {doctor.qualification}
              </Text>
            )}
            {doctor.practicingSince && <Text size="sm">{t('booking.doctorProfile.experience', { year: doctor.practicingSince })}</Text>}
            {doctor.education && (
              <Text size="sm">
                {t('booking.doctorProfile.education')}: {doctor.education}
              </Text>
            )}
            {doctor.licenseNumber && (
              <Text size="sm">
                {t('booking.doctorProfile.license')}: {doctor.licenseNumber}
              </Text>
            )}
            {doctor.bio && (
              <Text size="xs" c="dimmed" lineClamp={4}>
                {doctor.bio}
              </Text>
            )}
          </Stack>
        </Group>
      </HoverCard.Dropdown>
    </HoverCard>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();
}
